import re
from datetime import date, timedelta
from fractions import Fraction

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.db.models.functions import Lower
from django.db.models.lookups import In
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.constraints import FieldCheckConstraint, FieldUniqueConstraint
from kenniscentrum.lib.html import SanitizedHTMLField
from kenniscentrum.lib.i18n import InLanguage
from kenniscentrum.lib.storage import get_private_storage
from kenniscentrum.lib.uploads import DocumentUploadField, ImageUploadField

YEAR = timedelta(days=365)


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

    @cached_property
    def has_staff_power(self):
        """The one rule for staff power, in the admin and outside it: an active staff account
        protected by a second factor. A stolen password alone opens nothing a citizen cannot
        see. Asked once per request (it costs a query, for staff only)."""
        return self.is_active and self.is_staff and self.authenticator_set.exists()

    # Every permission is staff power: without it, no group or flag grants one (not even
    # is_superuser, which Django's own check would let through before asking any backend).
    def has_perm(self, perm, obj=None):
        return self.has_staff_power and super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self.has_staff_power and super().has_module_perms(app_label)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def verified_emails(self):
        """The person's confirmed addresses, lower-cased: the only addresses that tie a row
        kept by address (a visitor's registration, a newsletter subscription, a contact message,
        a start request) to this account. An address added but never confirmed may be anyone's.

        A lazy queryset: `email_lower__in=user.verified_emails()` runs as a subquery, so using it
        costs no query of its own.
        """
        return (
            EmailAddress.objects.filter(user=self, verified=True)
            .annotate(address=Lower("email"))
            .values_list("address", flat=True)
        )

    def verified_email_condition(self, field="email"):
        """A filter condition: the row's `field` is one of the person's confirmed addresses,
        e.g. `Registration.objects.filter(Q(user=user) | Q(user.verified_email_condition()))`."""
        return In(Lower(field), self.verified_emails())

    def has_verified_email(self, email=None):
        """Whether `email` (by default the account's own address) is confirmed."""
        email = self.email if email is None else email
        return self.verified_emails().filter(address=(email or "").lower()).exists()

    def unconfirmed_address_message(self):
        """Said when a one-click action that uses the account's address meets an unconfirmed one."""
        return _(
            "Bevestig eerst uw e-mailadres %(email)s: in uw account, onder „E-mailadressen”, "
            "vraagt u een nieuwe bevestigingslink."
        ) % {"email": self.email}


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


class ProvinceQuerySet(models.QuerySet):
    def with_working_member_count(self, on=None):
        """Each province with `working_member_count`: its current working members, whom its board
        seats are weighed by."""
        return self.annotate(
            working_member_count=Count(
                "working_members",
                filter=Q(working_members__in=WorkingMember.objects.current(on)),
                distinct=True,
            ),
        )


class Province(LocalisedNameMixin, models.Model):
    """The 10 provinces, plus Brussels-Capital acting as an 11th for the directory and the board."""

    code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    slug = models.SlugField(unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    objects = ProvinceQuerySet.as_manager()

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


POSTCODE = re.compile(r"^\d{4}$")


def matching_municipality_ids(text):
    """Municipalities whose Dutch or French name matches `text`, accents and case ignored.

    Exact names win over names starting with the text, which win over names containing it: "Gent"
    finds Gent only, "Sint-Ge" finds the Sint-Ge… municipalities. One query.
    """
    text = text.strip()
    if not text:
        return []
    exact = Q(name_nl__unaccent__iexact=text) | Q(name_fr__unaccent__iexact=text)
    prefix = Q(name_nl__unaccent__istartswith=text) | Q(name_fr__unaccent__istartswith=text)
    contains = Q(name_nl__unaccent__icontains=text) | Q(name_fr__unaccent__icontains=text)
    rows = list(
        Municipality.objects.filter(contains)
        .annotate(
            quality=Case(When(exact, then=0), When(prefix, then=1), default=2),
        )
        .values_list("pk", "quality")
    )
    best = min((quality for _, quality in rows), default=None)
    return [pk for pk, quality in rows if quality == best]


class BINQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=BIN.Status.ACTIVE)

    def public(self):
        """BINs the public directory may show: all but stopped and merged ones."""
        return self.exclude(status__in=[BIN.Status.STOPPED, BIN.Status.MERGED])

    def with_recognition(self):
        """Annotate `has_acknowledged_charter`, so `is_recognised` costs no query per BIN."""
        return self.annotate(
            has_acknowledged_charter=Exists(
                Charter.objects.filter(bin=OuterRef("pk"), acknowledged_on__isnull=False)
            )
        )

    def recognised(self):
        return (
            self.with_recognition()
            .filter(has_acknowledged_charter=True)
            .exclude(status=BIN.Status.STOPPED)
        )

    def not_recognised(self):
        return self.with_recognition().filter(
            Q(has_acknowledged_charter=False) | Q(status=BIN.Status.STOPPED)
        )

    def joined(self):
        return self.filter(joined_on__isnull=False)

    def not_confirmed_since(self, since):
        """BINs whose data nobody confirmed on or after `since`."""
        return self.filter(Q(data_confirmed_on__isnull=True) | Q(data_confirmed_on__lt=since))

    def covering_postcode(self, code):
        """BINs in a municipality with that postcode, or serving it explicitly.

        The BINs are found from the postcode (both ways through indexes) rather than the postcode
        tested for every BIN: the planner cannot use an index for an OR of two subqueries."""
        in_municipality = (
            BIN.objects.filter(municipality__postal_codes__code=code).order_by().values("pk")
        )
        serving = BIN.postal_codes.through.objects.filter(postalcode__code=code).values("bin_id")
        return self.filter(pk__in=in_municipality.union(serving, all=True))

    def search(self, text):
        """A postcode ("9000") or a municipality name in Dutch or French ("Luik", "Liege")."""
        text = " ".join(text.split())
        if not text:
            return self
        if POSTCODE.match(text):
            return self.covering_postcode(text)
        return self.filter(
            Q(municipality_id__in=matching_municipality_ids(text))
            | Q(name__unaccent__icontains=text)
        )

    def for_list(self):
        """What a list of BINs shows: type, municipality, province and recognition."""
        return self.select_related("type", "municipality__province").with_recognition()


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
    description = SanitizedHTMLField(_("publieke beschrijving"), blank=True)
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
    logo = ImageUploadField(
        _("logo"),
        upload_to="bins/logos/",
        blank=True,
        max_bytes=2 * 1024 * 1024,
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

    def get_absolute_url(self):
        return reverse("members:bin_detail", kwargs={"slug": self.slug})

    @property
    def is_joined(self):
        """A "toegetreden lid" of the Kenniscentrum."""
        return self.joined_on is not None

    @property
    def is_recognised(self):
        """Recognised: the FOD acknowledged one of its charters, and the BIN has not stopped."""
        if self.status == self.Status.STOPPED:
            return False
        if hasattr(self, "has_acknowledged_charter"):
            return self.has_acknowledged_charter
        return self.charters.filter(acknowledged_on__isnull=False).exists()

    @property
    def data_confirmation_due(self):
        """The yearly "our data is still right" step is due."""
        return self.data_confirmed_on is None or self.data_confirmed_on < date.today() - YEAR

    def get_channels_display(self):
        labels = dict(self.Channel.choices)
        return [labels.get(channel, channel) for channel in self.channels]


class PeriodQuerySet(models.QuerySet):
    """Rows with a start and an optional end date, both inclusive: roles in a BIN, board mandates
    and the register of working members."""

    start_field = "start"
    end_field = "end"

    def current(self, on=None):
        on = on or date.today()
        return self.filter(**{f"{self.start_field}__lte": on}).filter(
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gte": on})
        )


class BINRoleQuerySet(PeriodQuerySet):
    def managing(self):
        """Roles that may manage the BIN's data on the site."""
        return self.filter(role__in=BINRole.MANAGING_ROLES)

    def end_now(self):
        """End each of these roles by the one rule in `BINRole.end_now`, one save each so that
        whatever watches a role's changes (the page cache) sees it."""
        for role in self:
            role.end_now()


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
                violation_error_message=_("Deze persoon heeft deze rol in deze BIN al."),
            ),
            FieldCheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="members_binrole_end_after_start",
                field="end",
                violation_error_message=_("Het einde van een rol ligt niet voor het begin."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.bin}"

    def end_now(self):
        """End this role so that it no longer counts from today on.

        `current()` includes the last day, so the role ends yesterday; a role that only started
        today leaves no history worth keeping and is removed.
        """
        today = date.today()
        if self.start >= today:
            self.delete()
        else:
            self.end = today - timedelta(days=1)
            self.save(update_fields=["end"])


class Charter(models.Model):
    """One version of a BIN's charter: signed locally, sent to the FOD, acknowledged by it."""

    bin = models.ForeignKey(
        BIN, on_delete=models.CASCADE, related_name="charters", verbose_name=_("BIN")
    )
    signed_on = models.DateField(_("ondertekend op"))
    signed_by_coordinator = models.CharField(_("ondertekend door de coördinator"), max_length=150)
    signed_by_mayor = models.CharField(_("ondertekend door de burgemeester"), max_length=150)
    signed_by_police_chief = models.CharField(_("ondertekend door de korpschef"), max_length=150)
    sent_to_fod_on = models.DateField(_("verstuurd naar de FOD op"), null=True, blank=True)
    acknowledged_on = models.DateField(
        _("ontvangst bevestigd door de FOD op"), null=True, blank=True
    )
    pdf = DocumentUploadField(
        _("pdf"),
        upload_to="charters/",
        storage=get_private_storage,
        kind="pdf",
    )
    next_review = models.DateField(_("volgende herziening"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    checked_on = models.DateField(
        _("nagekeken door het bestuur op"),
        null=True,
        blank=True,
        help_text=_("Het bestuur heeft deze versie nagekeken."),
    )

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")
        ordering = ["bin", "-signed_on"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(sent_to_fod_on__isnull=True) | Q(sent_to_fod_on__gte=F("signed_on")),
                name="members_charter_sent_after_signed",
                field="sent_to_fod_on",
                violation_error_message=_("Een charter gaat pas na de ondertekening naar de FOD."),
            ),
            FieldCheckConstraint(
                condition=Q(acknowledged_on__isnull=True)
                | Q(sent_to_fod_on__isnull=False, acknowledged_on__gte=F("sent_to_fod_on")),
                name="members_charter_acknowledged_after_sent",
                field="acknowledged_on",
                violation_error_message=_(
                    "De FOD bevestigt een charter pas nadat het verstuurd is."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(next_review__isnull=True) | Q(next_review__gt=F("signed_on")),
                name="members_charter_review_after_signed",
                field="next_review",
                violation_error_message=_("De herziening volgt op de ondertekening."),
            ),
        ]

    def __str__(self):
        return _("Charter van %(bin)s, ondertekend op %(date)s") % {
            "bin": self.bin,
            "date": self.signed_on.strftime("%d/%m/%Y"),
        }

    def clean(self):
        # The date order is the constraints'; this says more precisely what is missing.
        if self.acknowledged_on and not self.sent_to_fod_on:
            raise ValidationError(
                {
                    "acknowledged_on": _(
                        "De FOD kan enkel een charter bevestigen dat naar haar verstuurd is."
                    )
                }
            )

    @property
    def is_acknowledged(self):
        return self.acknowledged_on is not None

    @property
    def filename(self):
        return f"charter-{self.bin.slug}-{self.signed_on.isoformat()}.pdf"


class BINInvitation(models.Model):
    """A manager of a BIN invites someone by e-mail to become its co-coordinator.

    The e-mail carries a signed link holding this row's id; it is valid for 14 days and used once.
    """

    VALID_DAYS = 14

    bin = models.ForeignKey(
        BIN, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("BIN")
    )
    email = models.EmailField(_("e-mailadres"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    accepted_at = models.DateTimeField(_("aanvaard op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanvaard door"),
    )

    class Meta:
        verbose_name = _("uitnodiging als co-coördinator")
        verbose_name_plural = _("uitnodigingen als co-coördinator")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "bin",
                condition=Q(accepted_at__isnull=True),
                name="members_bininvitation_one_open_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} – {self.bin}"

    @property
    def is_expired(self):
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)


class MembershipApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=MembershipApplication.Status.PENDING)


class MembershipApplication(models.Model):
    """A BIN asking to join the Kenniscentrum vzw as a "toegetreden lid"."""

    class Status(models.TextChoices):
        PENDING = "pending", _("in behandeling")
        APPROVED = "approved", _("goedgekeurd")
        REJECTED = "rejected", _("afgewezen")

    bin = models.ForeignKey(
        BIN, on_delete=models.CASCADE, related_name="applications", verbose_name=_("BIN")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="membership_applications",
        verbose_name=_("aanvrager"),
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslist door"),
    )
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanvraag tot toetreding")
        verbose_name_plural = _("aanvragen tot toetreding")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bin"],
                condition=Q(status="pending"),
                name="members_application_one_pending_per_bin",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_on__isnull=False),
                name="members_application_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="members_application_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return _("Aanvraag van %(bin)s") % {"bin": self.bin}

    def clean(self):
        if self.status == self.Status.REJECTED and not self.reason.strip():
            raise ValidationError({"reason": _("Geef de reden van de afwijzing.")})
        if self.status == self.Status.PENDING:
            others = MembershipApplication.objects.pending().filter(bin_id=self.bin_id)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(_("Deze BIN heeft al een aanvraag in behandeling."))

    def approve(self, by):
        """Approve: the BIN becomes a joined member from today (or keeps its earlier date)."""
        today = date.today()
        self.status = self.Status.APPROVED
        self.decided_by = by
        self.decided_on = today
        self.save(update_fields=["status", "decided_by", "decided_on"])
        if self.bin.joined_on is None:
            self.bin.joined_on = today
            self.bin.save(update_fields=["joined_on"])

    def reject(self, by, reason):
        self.status = self.Status.REJECTED
        self.decided_by = by
        self.decided_on = date.today()
        self.reason = reason
        self.save(update_fields=["status", "decided_by", "decided_on", "reason"])


class WorkingMemberQuerySet(PeriodQuerySet):
    start_field = "admitted_on"
    end_field = "left_on"


class WorkingMember(models.Model):
    """The register of working members (werkende leden) admitted to the General Assembly."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("burgercoördinator")
        POLICE_OFFICER = "police_officer", _("gemandateerde politieambtenaar")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="working_memberships",
        verbose_name=_("persoon"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="working_members",
        verbose_name=_("provincie"),
    )
    admitted_on = models.DateField(_("toegelaten op"), default=date.today)
    left_on = models.DateField(_("uitgetreden op"), null=True, blank=True)

    objects = WorkingMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkend lid")
        verbose_name_plural = _("werkende leden")
        ordering = ["province__name_nl", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_on__isnull=True),
                name="members_workingmember_one_open_membership",
                violation_error_message=_("Deze persoon is al werkend lid."),
            ),
            FieldCheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("admitted_on")),
                name="members_workingmember_left_after_admitted",
                field="left_on",
                violation_error_message=_("Uittreden kan niet voor de toelating."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_kind_display()}, {self.province})"


class BoardMandate(models.Model):
    """A seat on the board (Raad van Bestuur): a function, the province represented, a term."""

    class Function(models.TextChoices):
        CHAIR = "chair", _("voorzitter")
        VICE_CHAIR = "vice_chair", _("ondervoorzitter")
        SECRETARY = "secretary", _("secretaris")
        TREASURER = "treasurer", _("penningmeester")
        DIRECTOR = "director", _("bestuurder")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="board_mandates",
        verbose_name=_("persoon"),
    )
    function = models.CharField(_("functie"), max_length=12, choices=Function.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="board_mandates",
        verbose_name=_("provincie"),
    )
    start = models.DateField(_("van"), default=date.today)
    end = models.DateField(_("tot"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("bestuursmandaat")
        verbose_name_plural = _("bestuursmandaten")
        ordering = ["province__name_nl", "function", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(end__isnull=True),
                name="members_boardmandate_one_open_mandate_per_person",
                violation_error_message=_("Deze persoon heeft al een lopend mandaat."),
            ),
            FieldUniqueConstraint(
                fields=["function"],
                condition=Q(end__isnull=True, function="chair"),
                name="members_boardmandate_one_chair",
                field="function",
                violation_error_message=_("Er is al een voorzitter."),
            ),
            FieldCheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="members_boardmandate_end_after_start",
                field="end",
                violation_error_message=_("Een mandaat eindigt niet voor het begint."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_function_display()} ({self.province})"


def largest_remainder(weights, seats):
    """Split `seats` over the keys of `weights` in proportion, by the largest remainder method.

    Each key first gets the whole part of its quota (weight × seats / total); the seats left go to
    the largest fractional remainders. Ties go to the larger weight, then to the key's order, so
    the result is stable. Exact fractions, no rounding errors.
    """
    total = sum(weights.values())
    if seats <= 0 or total <= 0:
        return dict.fromkeys(weights, 0)
    quotas = {key: Fraction(weight * seats, total) for key, weight in weights.items()}
    result = {key: int(quota) for key, quota in quotas.items()}
    left = seats - sum(result.values())
    keys = list(weights)
    by_remainder = sorted(
        keys, key=lambda k: (-(quotas[k] - result[k]), -weights[k], keys.index(k))
    )
    for key in by_remainder[:left]:
        result[key] += 1
    return result


def board_seat_split(on=None):
    """Per province: current working members, actual board seats, and the seats a proportional
    split of the working members would give over the same number of seats. Two queries."""
    provinces = list(Province.objects.with_working_member_count(on).order_by("name_nl"))
    seats = dict(
        BoardMandate.objects.current(on)
        .values_list("province")
        .annotate(n=Count("pk"))
        .values_list("province", "n")
    )
    total_seats = sum(seats.values())
    fair = largest_remainder({p.pk: p.working_member_count for p in provinces}, total_seats)
    return [
        {
            "province": p,
            "working_members": p.working_member_count,
            "actual_seats": seats.get(p.pk, 0),
            "proportional_seats": fair[p.pk],
        }
        for p in provinces
    ]


class StartRequestQuerySet(models.QuerySet):
    def older_than(self, days):
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))


class StartRequest(models.Model):
    """A citizen asking for help to start a BIN; followed up by the board of their province.

    Kept START_REQUESTS_KEEP_DAYS, then deleted (`purge_expired_requests`)."""

    class Status(models.TextChoices):
        NEW = "new", _("nieuw")
        CONTACTED = "contacted", _("gecontacteerd")
        STARTING = "starting", _("in opstart")
        CLOSED = "closed", _("afgesloten")

    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="start_requests",
        verbose_name=_("gemeente"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="start_requests",
        verbose_name=_("provincie"),
    )
    message = models.TextField(_("bericht"))
    language = models.CharField(
        _("taal"), max_length=2, choices=User.Language.choices, default=User.Language.DUTCH
    )
    consent_text = models.TextField(_("tekst van de toestemming"))
    consented_at = models.DateTimeField(_("toestemming gegeven op"))
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    notes = models.TextField(_("opvolging (intern)"), blank=True)

    objects = StartRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanvraag om een BIN te starten")
        verbose_name_plural = _("aanvragen om een BIN te starten")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode__regex=r"^[0-9]{4}$"), name="members_startrequest_postcode"
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.postcode} {self.municipality}"
