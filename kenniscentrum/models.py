"""The site-wide content of the Kenniscentrum: editable pages, partners, contact and newsletter."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.html import SanitizedHTMLField
from kenniscentrum.lib.i18n import InLanguage, current_language
from kenniscentrum.lib.mail import send_email
from kenniscentrum.lib.uploads import ImageUploadField

LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Français"))]


# ---------------------------------------------------------------------------------------------
# Editable pages


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_menu(self, menu):
        return self.published().filter(menu=menu).order_by("order", "title_nl")


class Page(models.Model):
    """A page staff edit in the admin, in Dutch and French (Over ons, Privacy…)."""

    class Key(models.TextChoices):
        # Pages with a fixed address of their own; every other page lives at /p/<slug>/.
        ABOUT = "about", _("Over ons")
        OBJECTIVES = "objectives", _("Doelstellingen")
        STRUCTURE = "structure", _("Structuur")
        PRIVACY = "privacy", _("Privacy")
        ACCESSIBILITY = "accessibility", _("Toegankelijkheid")

    class Menu(models.TextChoices):
        NONE = "", _("in geen enkel menu")
        ABOUT = "about", _("submenu 'Over ons'")
        FOOTER = "footer", _("voettekst")

    # URL names of the fixed pages; "structure" is shown by the members app above its live data.
    KEY_URL_NAMES = {
        Key.ABOUT: "about",
        Key.OBJECTIVES: "objectives",
        Key.STRUCTURE: "members:structure",
        Key.PRIVACY: "privacy",
        Key.ACCESSIBILITY: "accessibility",
    }

    key = models.CharField(
        _("vaste pagina"),
        max_length=20,
        choices=Key.choices,
        blank=True,
        help_text=_("Alleen voor de pagina's met een vast adres; laat leeg voor andere pagina's."),
    )
    slug = models.SlugField(
        _("adres"),
        max_length=80,
        unique=True,
        help_text=_("Het laatste deel van het adres, bv. 'lid-worden' voor /nl/p/lid-worden/."),
    )
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=150)
    title_fr = models.CharField(_("titel (Frans)"), max_length=150)
    summary_nl = models.CharField(
        _("samenvatting (Nederlands)"),
        max_length=300,
        blank=True,
        help_text=_("Eén of twee zinnen voor zoekmachines en gedeelde links."),
    )
    summary_fr = models.CharField(_("samenvatting (Frans)"), max_length=300, blank=True)
    body_nl = SanitizedHTMLField(_("tekst (Nederlands)"), blank=True)
    body_fr = SanitizedHTMLField(_("tekst (Frans)"), blank=True)
    cover = ImageUploadField(
        _("omslagbeeld"),
        upload_to="pages/",
        blank=True,
        max_bytes=5 * 1024 * 1024,
        help_text=_("Getoond bij het delen van de pagina op sociale media."),
    )
    cover_alt = models.CharField(
        _("alternatieve tekst van het omslagbeeld"), max_length=200, blank=True
    )
    menu = models.CharField(_("menu"), max_length=10, choices=Menu.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    published = models.BooleanField(_("gepubliceerd"), default=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("pagina")
        verbose_name_plural = _("pagina's")
        ordering = ["menu", "order", "title_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=~Q(key=""),
                name="kenniscentrum_page_one_page_per_key",
                violation_error_message=_("Er bestaat al een pagina voor dit vaste adres."),
            ),
            models.CheckConstraint(
                condition=Q(cover="") | ~Q(cover_alt=""),
                name="kenniscentrum_page_cover_needs_alt",
                violation_error_message=_("Geef een alternatieve tekst voor het omslagbeeld."),
            ),
        ]

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return self.fixed_url() or reverse("page", kwargs={"slug": self.slug})

    def clean(self):
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Geef een alternatieve tekst voor het omslagbeeld.")}
            )

    title = InLanguage()
    summary = InLanguage()
    body = InLanguage()

    @property
    def body_language(self):
        """The language the shown body is written in (differs when a translation is missing)."""
        if current_language() == "fr":
            return "fr" if self.body_fr else "nl"
        return "nl" if self.body_nl else "fr"

    def fixed_url(self):
        """The page's own address (e.g. /nl/over-ons/structuur/), when its key has one."""
        name = self.KEY_URL_NAMES.get(self.key)
        return reverse(name) if name else None


# ---------------------------------------------------------------------------------------------
# Partners


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Partner(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("overheid")
        POLICE = "police", _("politie")
        ORGANISATION = "organisation", _("organisatie")
        SPONSOR = "sponsor", _("sponsor")

    name = models.CharField(_("naam"), max_length=150)
    logo = ImageUploadField(
        _("logo"),
        upload_to="partners/",
        blank=True,
        max_bytes=2 * 1024 * 1024,
        help_text=_("PNG, JPEG, GIF of WebP."),
    )
    logo_alt = models.CharField(
        _("alternatieve tekst van het logo"),
        max_length=200,
        blank=True,
        help_text=_("Wat het logo toont, meestal de naam van de partner."),
    )
    url = models.URLField(_("website"), blank=True)
    kind = models.CharField(
        _("soort"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""),
                name="kenniscentrum_partner_logo_needs_alt",
                violation_error_message=_("Geef een alternatieve tekst voor het logo."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.logo and not self.logo_alt.strip():
            raise ValidationError({"logo_alt": _("Geef een alternatieve tekst voor het logo.")})


# ---------------------------------------------------------------------------------------------
# Contact


class ContactSubjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class ContactSubject(models.Model):
    """A subject on the contact form, and the address its messages are sent to."""

    label_nl = models.CharField(_("onderwerp (Nederlands)"), max_length=100)
    label_fr = models.CharField(_("onderwerp (Frans)"), max_length=100)
    recipient = models.EmailField(_("bestemmeling"))
    recipient_language = models.CharField(
        _("taal van de bestemmeling"), max_length=2, choices=LANGUAGES, default="nl"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    objects = ContactSubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("onderwerp van het contactformulier")
        verbose_name_plural = _("onderwerpen van het contactformulier")
        ordering = ["order", "label_nl"]

    def __str__(self):
        return self.label

    label = InLanguage()


class ContactMessageQuerySet(models.QuerySet):
    def older_than(self, days):
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))

    def anonymise(self):
        """Keep that messages on these subjects came in; forget who sent them and what they
        said. Returns how many were anonymised."""
        return self.filter(anonymised_at__isnull=True).update(
            name="", email="", message="", user=None, anonymised_at=timezone.now()
        )


class ContactMessage(models.Model):
    subject = models.ForeignKey(
        ContactSubject,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("onderwerp"),
    )
    name = models.CharField(_("naam"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    message = models.TextField(_("bericht"), blank=True)
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGES, default="nl")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    handled = models.BooleanField(_("afgehandeld"), default=False)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactbericht")
        verbose_name_plural = _("contactberichten")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False) | ~Q(email=""),
                name="kenniscentrum_contactmessage_has_sender_unless_anonymised",
            ),
        ]

    def __str__(self):
        return f"{self.subject} – {self.name or _('anoniem')}"

    def send_notifications(self):
        """To the subject's address (answering goes straight to the sender), and a copy to the
        sender in the language they wrote in."""
        send_email(
            "contact_message",
            [self.subject.recipient],
            {"contact": self},
            language=self.subject.recipient_language,
            reply_to=[self.email],
        )
        send_email("contact_confirmation", [self.email], {"contact": self}, language=self.language)


# ---------------------------------------------------------------------------------------------
# Newsletter


class Topic(models.TextChoices):
    NEWS = "news", _("nieuws")
    EVENTS = "events", _("evenementen")
    TRAININGS = "trainings", _("opleidingen")


class NewsletterSubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=NewsletterSubscriber.Status.CONFIRMED)

    def with_email(self, email):
        return self.filter(email__iexact=email)

    def unconfirmed_older_than(self, days):
        """Requests nobody confirmed: pending, and not asked for again within `days` days."""
        cutoff = timezone.now() - timedelta(days=days)
        return self.filter(
            status=NewsletterSubscriber.Status.PENDING, created_at__lt=cutoff
        ).exclude(consents__at__gte=cutoff)


class NewsletterSubscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op bevestiging")
        CONFIRMED = "confirmed", _("ingeschreven")
        UNSUBSCRIBED = "unsubscribed", _("uitgeschreven")

    email = models.EmailField(_("e-mailadres"))
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGES, default="nl")
    topics = ArrayField(
        models.CharField(max_length=12, choices=Topic.choices),
        default=list,
        blank=True,
        verbose_name=_("onderwerpen"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("uitgeschreven op"), null=True, blank=True)

    objects = NewsletterSubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnee van de nieuwsbrief")
        verbose_name_plural = _("abonnees van de nieuwsbrief")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="kenniscentrum_newslettersubscriber_email_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="kenniscentrum_newslettersubscriber_confirmed_has_date",
            ),
        ]

    def __str__(self):
        return self.email

    def confirm(self, language, topics):
        self.language = language
        self.topics = topics
        self.status = self.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save()

    def unsubscribe(self):
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save()


class NewsletterConsent(models.Model):
    """The record of each consent given or withdrawn: when, to which text, in which language."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("inschrijving gevraagd")
        CONFIRMED = "confirmed", _("inschrijving bevestigd")
        WITHDRAWN = "withdrawn", _("uitgeschreven")

    subscriber = models.ForeignKey(
        NewsletterSubscriber,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("abonnee"),
    )
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    text = models.TextField(_("tekst van de toestemming"), blank=True)
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGES)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["at"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class NewsletterIssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=NewsletterIssue.Status.SENT)

    def queued(self):
        return self.filter(status=NewsletterIssue.Status.QUEUED)


class NewsletterIssue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("ontwerp")
        QUEUED = "queued", _("klaar om te verzenden")
        SENT = "sent", _("verzonden")

    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGES, default="nl")
    subject = models.CharField(_("onderwerp"), max_length=150)
    introduction = SanitizedHTMLField(_("inleiding"), blank=True)
    topics = ArrayField(
        models.CharField(max_length=12, choices=Topic.choices),
        default=list,
        blank=True,
        verbose_name=_("onderwerpen"),
        help_text=_(
            "Alleen abonnees die een van deze onderwerpen kozen krijgen deze nieuwsbrief; "
            "laat leeg voor alle abonnees van de taal."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    queued_at = models.DateTimeField(_("klaargezet op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    objects = NewsletterIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("nieuwsbrief")
        verbose_name_plural = _("nieuwsbrieven")
        ordering = ["-sent_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="kenniscentrum_newsletterissue_sent_has_date",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter_issue", kwargs={"pk": self.pk})

    def queue(self):
        """Hand the issue to `send_newsletter`; only a draft can be queued."""
        if self.status != self.Status.DRAFT:
            return False
        self.status = self.Status.QUEUED
        self.queued_at = timezone.now()
        self.save(update_fields=["status", "queued_at"])
        return True

    def recipients(self):
        """The confirmed subscribers of the issue's language (and of one of its topics)."""
        subscribers = NewsletterSubscriber.objects.confirmed().filter(language=self.language)
        if self.topics:
            subscribers = subscribers.filter(topics__overlap=self.topics)
        return subscribers


def validate_link(value):
    if not (value.startswith("/") or value.startswith(("http://", "https://"))):
        raise ValidationError(
            _("Geef een volledig webadres (https://…) of een adres op deze site (/nl/…)."),
            code="bad_link",
        )


class NewsletterItem(models.Model):
    """A story in a newsletter: an event (or training session) of the calendar, or any link.

    For an event, the title, summary and link are taken from the event, in the issue's language,
    where they are left empty. Articles of the knowledge base can be offered the same way once it
    is part of the site: an `article` foreign key beside `event`, filled in `save()` likewise.
    """

    issue = models.ForeignKey(
        NewsletterIssue,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("nieuwsbrief"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_items",
        verbose_name=_("activiteit"),
        help_text=_("Kies een activiteit, of vul hieronder zelf een titel en een link in."),
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    summary = models.TextField(_("samenvatting"), blank=True)
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_link, RegexValidator(r"^\S+$", _("Een link bevat geen spaties."))],
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("onderdeel van de nieuwsbrief")
        verbose_name_plural = _("onderdelen van de nieuwsbrief")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | (~Q(title="") & ~Q(url="")),
                name="kenniscentrum_newsletteritem_event_or_title_and_link",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.event_id:
            with translation.override(self.issue.language):
                self.title = self.title or self.event.title
                self.summary = self.summary or self.event.summary
                self.url = self.url or self.event.get_absolute_url()
        super().save(*args, **kwargs)

    def clean(self):
        if self.event_id:
            return
        errors = {}
        if not self.title:
            errors["title"] = _("Geef een titel, of kies een activiteit.")
        if not self.url:
            errors["url"] = _("Geef een link, of kies een activiteit.")
        if errors:
            raise ValidationError(errors)

    def absolute_url(self):
        """Links in e-mails must be absolute."""
        if self.url.startswith("/"):
            return f"{settings.SITE_URL}{self.url}"
        return self.url


class NewsletterDelivery(models.Model):
    """One issue to one subscriber: the record that makes sending resumable without duplicates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("te verzenden")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")

    issue = models.ForeignKey(
        NewsletterIssue,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("nieuwsbrief"),
    )
    subscriber = models.ForeignKey(
        NewsletterSubscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonnee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    claimed_at = models.DateTimeField(_("opgenomen op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    error = models.TextField(_("fout"), blank=True)

    class Meta:
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"],
                name="kenniscentrum_newsletterdelivery_once_per_subscriber",
            ),
        ]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"
