from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.html import sanitize_html
from kenniscentrum.lib.i18n import InLanguage
from kenniscentrum.lib.uploads import validate_upload


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    class Language(models.TextChoices):
        DUTCH = "nl", _("Nederlands")
        FRENCH = "fr", _("Français")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("volledige naam"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("voorkeurtaal"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LocalisedNameMixin:
    """`name` in the language of the current request (Dutch or French)."""

    name = InLanguage()

    def __str__(self):
        return self.name


class Region(LocalisedNameMixin, models.Model):
    code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)

    class Meta:
        verbose_name = _("gewest")
        verbose_name_plural = _("gewesten")
        ordering = ["code"]


class Province(LocalisedNameMixin, models.Model):
    """The 10 provinces, plus Brussels-Capital acting as an 11th for the directory and the board."""

    code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    slug = models.SlugField(unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        ordering = ["name_nl"]


class Municipality(LocalisedNameMixin, models.Model):
    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name_nl"]


class PostalCode(models.Model):
    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postal_codes"
    )

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="members_postalcode_unique_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.municipality}"


class PoliceZone(models.Model):
    number = models.PositiveIntegerField(_("zonenummer"), unique=True)
    name = models.CharField(_("naam"), max_length=150)
    municipalities = models.ManyToManyField(
        Municipality, related_name="police_zones", blank=True, verbose_name=_("gemeenten")
    )

    class Meta:
        verbose_name = _("politiezone")
        verbose_name_plural = _("politiezones")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.name}"


class BINType(LocalisedNameMixin, models.Model):
    """An editable list: BIN (residents), BIN-Z (self-employed and businesses), others later."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=60)
    name_fr = models.CharField(_("naam (Frans)"), max_length=60)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("BIN-type")
        verbose_name_plural = _("BIN-types")
        ordering = ["order", "code"]


class BINQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=BIN.Status.ACTIVE)

    def public(self):
        """BINs the public directory may show: all but stopped and merged ones."""
        return self.exclude(status__in=[BIN.Status.STOPPED, BIN.Status.MERGED])


class BIN(models.Model):
    class Status(models.TextChoices):
        STARTING = "starting", _("in opstart")
        ACTIVE = "active", _("actief")
        DORMANT = "dormant", _("slapend")
        MERGED = "merged", _("samengevoegd")
        STOPPED = "stopped", _("gestopt")

    class Channel(models.TextChoices):
        BE_ALERT = "be_alert", _("BE-Alert")
        SMS = "sms", _("sms")
        EMAIL = "email", _("e-mail")
        MESSAGING = "messaging", _("berichtenapp")
        PHONE = "phone", _("telefoon")
        PAPER = "paper", _("papier")

    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    type = models.ForeignKey(
        BINType, on_delete=models.PROTECT, related_name="bins", verbose_name=_("type")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.STARTING
    )
    status_since = models.DateField(_("status sinds"), default=date.today)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="bins", verbose_name=_("gemeente")
    )
    postal_codes = models.ManyToManyField(
        PostalCode, related_name="bins", blank=True, verbose_name=_("bediende postcodes")
    )
    police_zone = models.ForeignKey(
        PoliceZone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bins",
        verbose_name=_("politiezone"),
    )
    description = models.TextField(_("publieke beschrijving"), blank=True)
    area_description = models.TextField(_("werkingsgebied"), blank=True)
    founded_on = models.DateField(_("opgericht op"), null=True, blank=True)
    member_count = models.PositiveIntegerField(
        _("aantal leden (aangegeven)"), null=True, blank=True
    )
    member_count_on = models.DateField(_("aantal leden op"), null=True, blank=True)
    channels = ArrayField(
        models.CharField(max_length=12, choices=Channel.choices),
        default=list,
        blank=True,
        verbose_name=_("kanalen"),
    )
    yearly_fee = models.DecimalField(
        _("jaarlijkse bijdrage (euro)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="bins/logos/",
        blank=True,
        validators=[validate_upload("image", 2 * 1024 * 1024)],
    )
    joined_on = models.DateField(_("toegetreden tot het Kenniscentrum op"), null=True, blank=True)
    data_confirmed_on = models.DateField(_("gegevens laatst bevestigd op"), null=True, blank=True)

    objects = BINQuerySet.as_manager()

    class Meta:
        verbose_name = _("BIN")
        verbose_name_plural = _("BIN's")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_count_on__isnull=True) | Q(member_count__isnull=False),
                name="members_bin_member_count_date_needs_count",
            ),
            models.CheckConstraint(
                condition=Q(yearly_fee__isnull=True) | Q(yearly_fee__gte=0),
                name="members_bin_fee_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description = sanitize_html(self.description)
        super().save(*args, **kwargs)

    @property
    def is_joined(self):
        """A "toegetreden lid" of the Kenniscentrum."""
        return self.joined_on is not None


class BINRoleQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or date.today()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))

    def managing(self):
        """Roles that may manage the BIN's data on the site."""
        return self.filter(role__in=BINRole.MANAGING_ROLES)


class BINRole(models.Model):
    """Who has which role on which BIN: the only source of who may manage a BIN."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coördinator")
        CO_COORDINATOR = "co_coordinator", _("co-coördinator")
        POLICE_OFFICER = "police_officer", _("gemandateerde politieambtenaar")
        PREVENTION_OFFICER = "prevention_officer", _("preventieambtenaar van de gemeente")

    MANAGING_ROLES = [Role.COORDINATOR, Role.CO_COORDINATOR, Role.POLICE_OFFICER]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bin_roles",
        verbose_name=_("persoon"),
    )
    bin = models.ForeignKey(
        BIN, on_delete=models.CASCADE, related_name="roles", verbose_name=_("BIN")
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    start = models.DateField(_("van"), default=date.today)
    end = models.DateField(_("tot"), null=True, blank=True)

    objects = BINRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol in een BIN")
        verbose_name_plural = _("rollen in BIN's")
        ordering = ["bin", "role", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "bin", "role"],
                condition=Q(end__isnull=True),
                name="members_binrole_one_open_role_per_person",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="members_binrole_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.bin}"

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Het einde van een rol ligt niet voor het begin.")})
        open_duplicate = BINRole.objects.filter(
            user_id=self.user_id, bin_id=self.bin_id, role=self.role, end__isnull=True
        ).exclude(pk=self.pk)
        if self.end is None and open_duplicate.exists():
            raise ValidationError(_("Deze persoon heeft deze rol in deze BIN al."))
