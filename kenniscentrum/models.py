"""The site-wide content of the Kenniscentrum: editable pages, partners and contact."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.html import SanitizedHTMLField
from kenniscentrum.lib.i18n import LANGUAGES, InLanguage, current_language
from kenniscentrum.lib.mail import send_email
from kenniscentrum.lib.uploads import ImageUploadField

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
