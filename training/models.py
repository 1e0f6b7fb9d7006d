"""Course packages (lespakketten): modules, materials, sessions and certificates of attendance.

A session of a course IS an `events.Event` of kind "training session": one calendar, one
registration engine and one iCal feed. `CourseSession` links the event to its course.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from kenniscentrum.lib.audience import Audience as SiteAudience
from kenniscentrum.lib.constraints import FieldCheckConstraint
from kenniscentrum.lib.html import SanitizedHTMLField
from kenniscentrum.lib.i18n import InLanguage
from kenniscentrum.lib.storage import get_private_storage
from kenniscentrum.lib.uploads import DocumentUploadField


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Course(models.Model):
    class TargetGroup(models.TextChoices):
        CITIZENS = "citizens", _("Burgers")
        COORDINATORS = "coordinators", _("BIN-coördinatoren")
        SELF_EMPLOYED = "self_employed", _("Zelfstandigen (BIN-Z)")
        POLICE = "police", _("Politie")
        MUNICIPALITIES = "municipalities", _("Gemeenten")

    title_nl = models.CharField(_("titel (Nederlands)"), max_length=200)
    title_fr = models.CharField(_("titel (Frans)"), max_length=200, blank=True)
    title = InLanguage()
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    target_group = models.CharField(_("doelgroep"), max_length=20, choices=TargetGroup.choices)
    summary_nl = models.CharField(_("korte inhoud (Nederlands)"), max_length=300)
    summary_fr = models.CharField(_("korte inhoud (Frans)"), max_length=300, blank=True)
    objectives_nl = SanitizedHTMLField(_("doelstellingen (Nederlands)"), blank=True)
    objectives_fr = SanitizedHTMLField(_("doelstellingen (Frans)"), blank=True)
    duration_hours = models.DecimalField(
        _("duur (uren)"), max_digits=4, decimal_places=1, help_text=_("Totale duur in uren.")
    )
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")
        ordering = ["title_nl"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(duration_hours__gt=0),
                name="training_course_duration_positive",
                field="duration_hours",
                violation_error_message=_("De duur is groter dan nul."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course_detail", kwargs={"slug": self.slug})

    summary = InLanguage()

    objectives = InLanguage()


class Module(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("opleiding")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=200)
    title_fr = models.CharField(_("titel (Frans)"), max_length=200, blank=True)
    title = InLanguage()
    description_nl = models.TextField(_("beschrijving (Nederlands)"), blank=True)
    description_fr = models.TextField(_("beschrijving (Frans)"), blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "order"], name="training_module_unique_order_per_course"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    description = InLanguage()


class Material(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = SiteAudience.PUBLIC.value, SiteAudience.PUBLIC.label
        MEMBERS = SiteAudience.MEMBERS.value, SiteAudience.MEMBERS.label

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="materials", verbose_name=_("opleiding")
    )
    title = models.CharField(_("titel"), max_length=200)
    language = models.CharField(
        _("taal"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    audience = models.CharField(
        _("publiek"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    file = DocumentUploadField(
        _("bestand"),
        upload_to="training/materials/%Y/",
        storage=get_private_storage,
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("lesmateriaal")
        verbose_name_plural = _("lesmateriaal")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:material", kwargs={"pk": self.pk})

    @property
    def filename(self):
        """The name a reader's download gets (the stored one is generated)."""
        return slugify(self.title) or "materiaal"


class CourseSession(models.Model):
    """An event of kind "training session" given as part of a course."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="course_session",
        limit_choices_to={"kind": Event.Kind.TRAINING_SESSION},
        verbose_name=_("activiteit"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("opleiding")
    )
    trainer = models.CharField(_("lesgever"), max_length=150)
    # When the people interested in the course were told about this session (once only).
    announced_at = models.DateTimeField(_("aangekondigd op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("opleidingssessie")
        verbose_name_plural = _("opleidingssessies")
        ordering = ["event__starts_at"]

    def __str__(self):
        return str(self.event)

    def clean(self):
        if self.event_id and self.event.kind != Event.Kind.TRAINING_SESSION:
            raise ValidationError(
                {"event": _("Kies een activiteit van de soort „Opleidingssessie”.")}
            )


class CourseInterest(models.Model):
    """Someone who wants an e-mail when a new session of a course is published."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="interests", verbose_name=_("opleiding")
    )
    email = models.EmailField(_("e-mailadres"))
    language = models.CharField(
        _("taal"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("interesse in een opleiding")
        verbose_name_plural = _("interesses in opleidingen")
        constraints = [
            models.UniqueConstraint(
                "course", Lower("email"), name="training_courseinterest_one_per_email"
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.course}"


def new_certificate_code():
    """Twelve characters without look-alikes (0/O, 1/I/L), in three groups: easy to type."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """A certificate of attendance. It keeps its own copy of what it certifies, so it stays
    verifiable after the registration's personal data has been anonymised."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("inschrijving"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("opleiding")
    )
    code = models.CharField(
        _("verificatiecode"), max_length=14, unique=True, default=new_certificate_code
    )
    participant_name = models.CharField(_("naam deelnemer"), max_length=150)
    course_title = models.CharField(_("opleiding"), max_length=200)
    session_date = models.DateField(_("datum"))
    trainer = models.CharField(_("lesgever"), max_length=150)
    language = models.CharField(
        _("taal"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    issued_at = models.DateTimeField(_("uitgereikt op"), default=timezone.now)

    class Meta:
        verbose_name = _("getuigschrift")
        verbose_name_plural = _("getuigschriften")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.code} – {self.participant_name}"

    def get_absolute_url(self):
        return reverse("training:certificate_verify", kwargs={"code": self.code})

    def get_pdf_url(self):
        return reverse("training:certificate_pdf", kwargs={"code": self.code})
