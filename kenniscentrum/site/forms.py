from django import forms
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.forms import privacy_link
from kenniscentrum.lib.spam import SpamProtectedForm
from kenniscentrum.models import ContactSubject


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, subject):
        return subject.label


class ContactForm(SpamProtectedForm):
    subject = SubjectChoiceField(
        label=_("Onderwerp"),
        queryset=ContactSubject.objects.active(),
        empty_label=_("Kies een onderwerp"),
    )
    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    message = forms.CharField(
        label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    consent = forms.BooleanField(
        label=_(
            "Ik ga akkoord dat het BIN Kenniscentrum mijn naam en e-mailadres gebruikt om mijn "
            "vraag te beantwoorden."
        ),
        error_messages={"required": _("Zonder uw akkoord kunnen we uw vraag niet beantwoorden.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = privacy_link()
        for name in ("name", "email"):
            self.fields[name].widget.attrs["autocomplete"] = name
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("name", user.full_name)
            self.initial.setdefault("email", user.email)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Uw wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."), code="wrong_password")
        return password


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoekterm"), max_length=100, min_length=2, required=False)
