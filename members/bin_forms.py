"""Forms of the BIN directory, the start requests, Mijn BIN and the board's decisions.

Kept apart from `members.account_forms`, which allauth imports while it builds its own forms:
importing that module first from here would make a cycle.
"""

from datetime import date

from django import forms
from django.template.defaultfilters import linebreaks
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.spam import SpamProtectedForm
from members.models import (
    BIN,
    BINRole,
    BINType,
    Charter,
    MembershipApplication,
    PostalCode,
    Province,
    StartRequest,
)


class DirectoryForm(forms.Form):
    """The directory's search and filters, read from the query string."""

    ALL = "all"
    STATUS_CHOICES = [
        (BIN.Status.ACTIVE, _("actief")),
        (BIN.Status.STARTING, _("in opstart")),
        (BIN.Status.DORMANT, _("slapend")),
        (ALL, _("alle")),
    ]

    q = forms.CharField(label=_("Postcode of gemeente"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=Province.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle provincies"),
    )
    type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=BINType.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle types"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Provinces in the alphabetical order of the page's language.
        order = "name_fr" if current_language() == "fr" else "name_nl"
        self.fields["province"].queryset = Province.objects.order_by(order)

    @cached_property
    def provinces(self):
        """The provinces in that order, read once for the drop-down and the counts per province."""
        return list(self.fields["province"].queryset)

    @cached_property
    def controls(self):
        """[(bound field, options)] for the directory's template, which writes the controls itself:
        rendering them as widgets (a template per field and per option) cost more than the rest
        of the page. `options` is None for the text field, else [(value, label, selected)]."""
        choices = {
            "province": [("", self.fields["province"].empty_label)]
            + [(p.slug, p.name) for p in self.provinces],
            "type": [("", self.fields["type"].empty_label)]
            + [(t.code, t.name) for t in self.fields["type"].queryset],
            "status": self.STATUS_CHOICES,
        }
        controls = [(self["q"], None)]
        for name, options in choices.items():
            value = self[name].value()
            current = "" if value is None else str(value)
            controls.append((self[name], [(key, label, key == current) for key, label in options]))
        return controls

    def filter(self, queryset):
        """(BINs matching everything, BINs matching everything but the province)."""
        self.is_valid()  # keeps the valid fields when another one is not
        data = getattr(self, "cleaned_data", {})
        queryset = queryset.search(data.get("q", ""))
        if data.get("type"):
            queryset = queryset.filter(type=data["type"])
        status = data.get("status") or BIN.Status.ACTIVE
        if status != self.ALL:
            queryset = queryset.filter(status=status)
        without_province = queryset
        if data.get("province"):
            queryset = queryset.filter(municipality__province=data["province"])
        return queryset, without_province


class DateInput(forms.DateInput):
    """The browser's own date picker; works without JavaScript."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ConsentField(forms.BooleanField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label=label,
            required=True,
            error_messages={"required": _("Zonder uw toestemming kunnen we dit niet versturen.")},
            **kwargs,
        )


class BINContactForm(SpamProtectedForm):
    """The relay form on a BIN's page: the message goes to its coordinators by e-mail."""

    name = forms.CharField(label=_("Uw naam"), max_length=150)
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("De coördinatoren antwoorden u rechtstreeks op dit adres."),
    )
    message = forms.CharField(label=_("Uw bericht"), widget=forms.Textarea(attrs={"rows": 6}))
    consent = ConsentField(
        label=_(
            "Ik ga ermee akkoord dat mijn naam, e-mailadres en bericht aan de coördinatoren van "
            "deze BIN worden bezorgd."
        )
    )

    field_order = ["name", "email", "message", "consent"]

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(_("Schrijf iets meer, zodat de BIN u kan helpen."))
        return message


class StartRequestForm(SpamProtectedForm, forms.ModelForm):
    consent = ConsentField(
        label=_(
            "Ik ga ermee akkoord dat het BIN Kenniscentrum mijn gegevens gebruikt om mij te "
            "helpen een BIN te starten, en ze daarvoor doorgeeft aan de bestuursleden van mijn "
            "provincie."
        )
    )

    class Meta:
        model = StartRequest
        fields = ["name", "email", "phone", "postcode", "message"]
        labels = {
            "name": _("Uw naam"),
            "email": _("Uw e-mailadres"),
            "phone": _("Uw telefoonnummer (niet verplicht)"),
            "postcode": _("Postcode van de buurt"),
            "message": _("Waar wilt u een BIN starten en wie is er al bij betrokken?"),
        }
        widgets = {
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4}
            ),
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    field_order = ["name", "email", "phone", "postcode", "message", "consent"]

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        postal_code = (
            PostalCode.objects.filter(code=code).select_related("municipality__province").first()
        )
        if postal_code is None:
            raise forms.ValidationError(_("Dit is geen Belgische postcode."))
        self.instance.municipality = postal_code.municipality
        self.instance.province = postal_code.municipality.province
        return code

    def save(self, commit=True):
        request = self.instance
        request.language = current_language()
        request.consent_text = str(self.fields["consent"].label)
        request.consented_at = timezone.now()
        return super().save(commit=commit)


class BINProfileForm(forms.ModelForm):
    """What a BIN's managers may change; status, recognition and membership stay with the
    board."""

    channels = forms.MultipleChoiceField(
        label=_("Kanalen"),
        choices=BIN.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Hoe de BIN haar leden op de hoogte brengt."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = BIN
        fields = ["description", "area_description", "channels", "website", "logo", "yearly_fee"]
        labels = {
            "description": _("Publieke beschrijving"),
            "area_description": _("Werkingsgebied"),
            "website": _("Website"),
            "logo": _("Logo"),
            "yearly_fee": _("Jaarlijkse bijdrage (euro)"),
        }
        help_texts = {
            "description": _(
                "Wat de BIN doet en voor wie. Een lege regel begint een nieuwe alinea; eenvoudige "
                "HTML-opmaak (vet, links, lijsten) mag."
            ),
            "area_description": _("De straten, wijken of deelgemeenten die de BIN bedient."),
            "logo": _("PNG, JPEG, GIF of WebP, hoogstens 2 MB."),
            "yearly_fee": _("Laat leeg als lidmaatschap gratis is."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "area_description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if text and "<" not in text:
            # Plain text from the form: keep its paragraphs and line breaks.
            text = linebreaks(text)
        return text


class MemberCountForm(forms.ModelForm):
    class Meta:
        model = BIN
        fields = ["member_count", "member_count_on"]
        labels = {
            "member_count": _("Aantal leden"),
            "member_count_on": _("Geteld op"),
        }
        help_texts = {
            "member_count": _("Het aantal aangesloten gezinnen of handelaars; enkel een getal."),
        }
        widgets = {"member_count_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_count"].required = True
        self.fields["member_count_on"].required = True
        self.initial["member_count_on"] = date.today()

    def clean_member_count_on(self):
        counted_on = self.cleaned_data["member_count_on"]
        if counted_on > date.today():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return counted_on


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de nieuwe co-coördinator"),
        help_text=_("Deze persoon krijgt een link die 14 dagen geldig is."),
    )

    def __init__(self, *args, bin=None, **kwargs):
        self.bin = bin
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        already = BINRole.objects.current().filter(
            bin=self.bin,
            user__email__iexact=email,
            role__in=[BINRole.Role.COORDINATOR, BINRole.Role.CO_COORDINATOR],
        )
        if already.exists():
            raise forms.ValidationError(_("Deze persoon is al coördinator van deze BIN."))
        return email


class CharterForm(forms.ModelForm):
    """A new charter version, uploaded by the BIN; the board checks it and records the FOD's
    acknowledgement."""

    class Meta:
        model = Charter
        fields = [
            "signed_on",
            "signed_by_coordinator",
            "signed_by_mayor",
            "signed_by_police_chief",
            "sent_to_fod_on",
            "pdf",
        ]
        labels = {
            "signed_on": _("Ondertekend op"),
            "signed_by_coordinator": _("Naam van de coördinator die tekende"),
            "signed_by_mayor": _("Naam van de burgemeester die tekende"),
            "signed_by_police_chief": _("Naam van de korpschef die tekende"),
            "sent_to_fod_on": _("Verstuurd naar de FOD op (indien al gebeurd)"),
            "pdf": _("Het ondertekende charter (pdf)"),
        }
        widgets = {
            "signed_on": DateInput(),
            "sent_to_fod_on": DateInput(),
            # No link to the current file: private files have no public URL.
            "pdf": forms.FileInput(attrs={"accept": "application/pdf"}),
        }

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > date.today():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return signed_on


class MembershipApplicationForm(forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = ["motivation"]
        labels = {"motivation": _("Waarom wil uw BIN toetreden? (niet verplicht)")}
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}


class RejectionForm(forms.Form):
    """The reason the board gives when it rejects applications; e-mailed to the applicant."""

    reason = forms.CharField(
        label=_("Reden van de afwijzing"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("De aanvrager krijgt deze reden per e-mail."),
    )
