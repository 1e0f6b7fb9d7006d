"""The newsletter: subscribers and their consent records, issues and their items, deliveries.

The tables keep the names they had when these models belonged to the `kenniscentrum` app
(`db_table`), and so do the constraints: the move changed no row.
"""

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
from kenniscentrum.lib.i18n import LANGUAGES


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
        db_table = "kenniscentrum_newslettersubscriber"
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
        db_table = "kenniscentrum_newsletterconsent"
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
        db_table = "kenniscentrum_newsletterissue"
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
        db_table = "kenniscentrum_newsletteritem"
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
        db_table = "kenniscentrum_newsletterdelivery"
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
