from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from kenniscentrum.lib.spam import SpamProtectedForm
from members.models import Province


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Event.Kind.choices]
    )
    # By slug, from a list read once per form: validating and showing the choices then need
    # one plain query together.
    province = forms.ChoiceField(label=_("Provincie"), required=False)
    language = forms.ChoiceField(
        label=_("Taal"), required=False, choices=[("", _("Alle talen")), *Event.Language.choices]
    )
    audience = forms.ChoiceField(
        label=_("Voor wie"),
        required=False,
        choices=[("", _("Iedereen en leden")), *Event.Audience.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.only("slug", "name_nl", "name_fr")
        self.fields["province"].choices = [
            ("", _("Alle provincies")),
            *((province.slug, str(province)) for province in provinces),
        ]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["province"]:
            queryset = queryset.in_province(data["province"])
        if data["language"]:
            # An event in both languages suits people looking for either one.
            queryset = queryset.filter(language__in=[data["language"], Event.Language.BOTH])
        if data["audience"]:
            queryset = queryset.filter(audience=data["audience"])
        return queryset


class VisitorRegistrationForm(SpamProtectedForm):
    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ParticipantMessageForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=150)
    message = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 8}))
    include_waitlist = forms.BooleanField(label=_("Ook wie op de wachtlijst staat"), required=False)


class AttendanceForm(forms.Form):
    """One tick on the attendance list: a seated registration of the event, present or not."""

    registration = forms.ModelChoiceField(queryset=Registration.objects.none())
    # The list's two buttons send "1" (present) or "0" (absent).
    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = event.registrations.seated()
