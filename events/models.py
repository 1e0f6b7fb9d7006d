"""The one calendar: events and the registrations for them.

A registration's status is changed only by `events.services`, under a lock on the event row; the
models hold the rules that do not depend on other rows (and the named constraints that back them).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.audience import Audience as SiteAudience
from kenniscentrum.lib.constraints import FieldCheckConstraint
from kenniscentrum.lib.html import SanitizedHTMLField
from kenniscentrum.lib.i18n import InLanguage


class EventQuerySet(models.QuerySet):
    def listed(self):
        """Events people may see in the calendar: published ones, and cancelled ones (so the
        cancellation shows rather than the event silently disappearing)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())

    def past(self):
        return self.filter(ends_at__lt=timezone.now())

    def public(self):
        return self.filter(audience=Event.Audience.PUBLIC)

    def in_province(self, slug):
        return self.filter(municipality__province__slug=slug)

    def upcoming_public(self):
        """The next public events anyone may register for, soonest first, with their place: one
        query, the seat counters included (e.g. the home page's `upcoming_public()[:3]`)."""
        return (
            self.published()
            .public()
            .upcoming()
            .select_related("municipality__province")
            .order_by("starts_at", "pk")
        )

    def recount(self):
        """Set the stored seat counters of these events from their registrations, in one UPDATE.

        The registration engine calls this in the transaction that changes a registration, while
        it holds the event's lock; `manage.py recount_seats` repairs rows written around it.
        Rows whose counters are right are left alone: a registration that takes no seat (an
        address still to confirm) writes no event, and the cached pages showing events stay."""
        seats_taken = _registrations_counted(Registration.SEATED)
        waitlist_count = _registrations_counted([Registration.Status.WAITLISTED])
        return self.exclude(seats_taken=seats_taken, waitlist_count=waitlist_count).update(
            seats_taken=seats_taken, waitlist_count=waitlist_count
        )

    def miscounted(self):
        """Events whose stored counters differ from a real count (there should be none)."""
        return self.annotate(
            real_seats_taken=_registrations_counted(Registration.SEATED),
            real_waitlist_count=_registrations_counted([Registration.Status.WAITLISTED]),
        ).exclude(
            seats_taken=models.F("real_seats_taken"),
            waitlist_count=models.F("real_waitlist_count"),
        )


def _registrations_counted(statuses):
    """The number of the event's registrations in `statuses`, as a subquery per event row."""
    rows = Registration.objects.filter(event=OuterRef("pk"), status__in=statuses)
    rows = rows.order_by().values("event").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows), 0)


class Event(models.Model):
    class Kind(models.TextChoices):
        BIN_EVENT = "bin_event", _("BIN-activiteit")
        STUDY_DAY = "study_day", _("Studiedag")
        NETWORK_MEETING = "network_meeting", _("Netwerkmoment")
        GENERAL_ASSEMBLY = "general_assembly", _("Algemene vergadering")
        TRAINING_SESSION = "training_session", _("Opleidingssessie")

    class Language(models.TextChoices):
        DUTCH = "nl", _("Nederlands")
        FRENCH = "fr", _("Frans")
        BOTH = "nl-fr", _("Nederlands en Frans")

    class Audience(models.TextChoices):
        PUBLIC = SiteAudience.PUBLIC.value, SiteAudience.PUBLIC.label
        MEMBERS = SiteAudience.MEMBERS.value, SiteAudience.MEMBERS.label
        WORKING_MEMBERS = SiteAudience.WORKING_MEMBERS.value, SiteAudience.WORKING_MEMBERS.label

    class Status(models.TextChoices):
        DRAFT = "draft", _("Ontwerp")
        PUBLISHED = "published", _("Gepubliceerd")
        CANCELLED = "cancelled", _("Geannuleerd")

    # A change to one of these is news for everyone registered: they get an e-mail and an
    # updated calendar entry (same UID, higher SEQUENCE).
    SCHEDULE_FIELDS = frozenset(
        {"starts_at", "ends_at", "venue_name", "address", "municipality", "online_url"}
    )

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=200)
    title_fr = models.CharField(_("titel (Frans)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary_nl = models.CharField(_("korte inhoud (Nederlands)"), max_length=300, blank=True)
    summary_fr = models.CharField(_("korte inhoud (Frans)"), max_length=300, blank=True)
    description_nl = SanitizedHTMLField(_("beschrijving (Nederlands)"), blank=True)
    description_fr = SanitizedHTMLField(_("beschrijving (Frans)"), blank=True)
    starts_at = models.DateTimeField(_("begint op"))
    ends_at = models.DateTimeField(_("eindigt op"))
    venue_name = models.CharField(_("locatie"), max_length=200, blank=True)
    address = models.CharField(
        _("adres"), max_length=250, blank=True, help_text=_("Straat, nummer, postcode en gemeente.")
    )
    municipality = models.ForeignKey(
        "members.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("gemeente"),
        help_text=_("Leeg voor een online activiteit."),
    )
    bin = models.ForeignKey(
        "members.BIN",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("BIN"),
        help_text=_(
            "De BIN die de activiteit organiseert; ze verschijnt dan op de pagina van de BIN."
        ),
    )
    online_url = models.URLField(
        _("onlinelink"), blank=True, help_text=_("Voor een online activiteit.")
    )
    language = models.CharField(
        _("taal"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    audience = models.CharField(
        _("publiek"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: onbeperkt.")
    )
    registration_opens_at = models.DateTimeField(
        _("inschrijving opent op"),
        null=True,
        blank=True,
        help_text=_("Leeg: meteen na publicatie."),
    )
    registration_closes_at = models.DateTimeField(
        _("inschrijving sluit op"),
        null=True,
        blank=True,
        help_text=_("Leeg: tot de activiteit begint."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    organiser = models.CharField(_("organisator"), max_length=200, default="BIN Kenniscentrum vzw")
    # Bumped on every change people must hear about, so calendar apps replace their copy.
    sequence = models.PositiveIntegerField(_("versie"), default=0, editable=False)
    # Kept by the registration engine in the transaction that changes a registration (see
    # `EventQuerySet.recount`), so that no page counts registrations to show them.
    seats_taken = models.PositiveIntegerField(_("bezette plaatsen"), default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(_("op de wachtlijst"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "ends_at"], name="events_event_listing_idx"),
            # Lists show the next events first: walked in this order, a page stops early.
            models.Index(fields=["starts_at"], name="events_event_starts_idx"),
            # The home page counts the training sessions held: read from this index alone
            # instead of every event.
            models.Index(fields=["kind", "status", "ends_at"], name="events_event_kind_idx"),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
                field="ends_at",
                violation_error_message=_("Een activiteit eindigt na haar begin."),
            ),
            FieldCheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_event_registration_window_in_order",
                field="registration_closes_at",
                violation_error_message=_("De inschrijving sluit na haar opening."),
            ),
            FieldCheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_at_least_one",
                field="capacity",
                violation_error_message=_("Laat leeg voor onbeperkt, of geef minstens één plaats."),
            ),
            FieldCheckConstraint(
                condition=Q(status="draft") | ~Q(venue_name="") | ~Q(online_url=""),
                name="events_event_has_venue_or_online_link",
                field="venue_name",
                violation_error_message=_("Geef een locatie of een onlinelink."),
            ),
        ]

    # Written only by `EventQuerySet.recount`: a save of an event read earlier must not put back
    # the counts it read then.
    COUNTERS = frozenset({"seats_taken", "waitlist_count"})

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def save(self, *args, **kwargs):
        keep_counters = not (self._state.adding or args or kwargs.get("force_insert"))
        if keep_counters and kwargs.get("update_fields") is None:
            # What Django saves by default (the loaded fields), less the counters.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in self.COUNTERS
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    title = InLanguage()

    summary = InLanguage()

    description = InLanguage()

    @property
    def is_online(self):
        return bool(self.online_url) and not self.venue_name

    @property
    def location_text(self):
        return ", ".join(part for part in [self.venue_name, self.address] if part)

    @property
    def map_url(self):
        """A link to the venue on OpenStreetMap (no key, no tracking script)."""
        from urllib.parse import urlencode

        if not self.address:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address})

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    def seats_left(self, seats_taken=None):
        """Free seats (None: unlimited), from the stored counter unless given a fresh count."""
        if self.capacity is None:
            return None
        if seats_taken is None:
            seats_taken = self.seats_taken
        return max(self.capacity - seats_taken, 0)

    def registration_problem(self, now=None):
        """Why nobody can register right now, as a sentence for people; None when one can."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return _("Deze activiteit is geannuleerd.")
        if self.status != self.Status.PUBLISHED:
            return _("Voor deze activiteit kunt u (nog) niet inschrijven.")
        if self.starts_at <= now:
            return _("Deze activiteit is al begonnen of voorbij.")
        if self.registration_opens_at and now < self.registration_opens_at:
            opens = timezone.localtime(self.registration_opens_at)
            return _("De inschrijving opent op %(date)s.") % {"date": f"{opens:%d-%m-%Y %H:%M}"}
        if self.registration_closes_at and now >= self.registration_closes_at:
            return _("De inschrijving is afgesloten.")
        return None

    @property
    def uid(self):
        """The iCalendar UID: stable for the life of the event, so updates replace the entry."""
        return f"event-{self.pk}@bin-kenniscentrum.be"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def seated(self):
        return self.filter(status__in=Registration.SEATED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("queue_number")

    def of_person(self, user):
        """Registrations made while logged in, and those made as a visitor with one of the
        person's confirmed addresses (never with an address they added but did not confirm)."""
        return self.filter(Q(user=user) | Q(user.verified_email_condition()))


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op bevestiging per e-mail")
        CONFIRMED = "confirmed", _("Bevestigd")
        WAITLISTED = "waitlisted", _("Op de wachtlijst")
        CANCELLED = "cancelled", _("Geannuleerd")
        ATTENDED = "attended", _("Aanwezig")
        NO_SHOW = "no_show", _("Afwezig")

    # Statuses that hold a seat: attendance is marked on confirmed registrations only.
    SEATED = ("confirmed", "attended", "no_show")
    ACTIVE = ("pending", "confirmed", "waitlisted", "attended", "no_show")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("activiteit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("gebruiker"),
    )
    name = models.CharField(_("naam"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    language = models.CharField(
        _("taal"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # Arrival order: given when the registration counts (on confirmation of the e-mail address
    # for visitors), under the event's lock. The waiting list is promoted in this order.
    queue_number = models.PositiveIntegerField(_("volgnummer"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("telt sinds"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["event", "queue_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="events_registration_one_active_per_user",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="events_registration_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "queue_number"],
                name="events_registration_unique_queue_number",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | Q(anonymised_at__isnull=False),
                name="events_registration_has_email_until_anonymised",
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(status="cancelled")
                | Q(queue_number__isnull=False),
                name="events_registration_counted_has_queue_number",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} – {self.event}"

    @property
    def display_name(self):
        if self.anonymised_at:
            return _("(geanonimiseerd)")
        return self.name or (self.user.get_full_name() if self.user_id else self.email)

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def can_be_cancelled(self):
        return self.status in ("pending", "confirmed", "waitlisted") and not self.event.is_past

    def waitlist_position(self):
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            self.event.registrations.waitlisted().filter(queue_number__lt=self.queue_number).count()
            + 1
        )


class FeedKey(models.Model):
    """The renewable part of a person's private calendar-feed link.

    The link is signed and names the person and this key; renewing the key ends every earlier
    link. A person who never renewed has no row: their key is empty.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="feed_key",
        verbose_name=_("gebruiker"),
    )
    key = models.CharField(_("sleutel"), max_length=43)
    renewed_at = models.DateTimeField(_("vernieuwd op"), default=timezone.now)

    class Meta:
        verbose_name = _("sleutel van de persoonlijke agendalink")
        verbose_name_plural = _("sleutels van persoonlijke agendalinks")

    def __str__(self):
        return str(self.user_id)

    @classmethod
    def current(cls, user_id):
        return cls.objects.filter(user_id=user_id).values_list("key", flat=True).first() or ""

    @classmethod
    def renew(cls, user):
        cls.objects.update_or_create(
            user=user, defaults={"key": secrets.token_urlsafe(32), "renewed_at": timezone.now()}
        )
