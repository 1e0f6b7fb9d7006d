"""The sign-up and login forms that allauth loads (ACCOUNT_SIGNUP_FORM_CLASS, ACCOUNT_FORMS)."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.i18n import current_language
from members.models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: a name to address people by, and their language."""

    full_name = forms.CharField(label=_("Volledige naam"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Voorkeurtaal"),
        choices=User.Language.choices,
        help_text=_("De taal van de e-mails die u van ons krijgt."),
    )

    field_order = ["full_name", "email", "preferred_language", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = current_language()

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name", "preferred_language"])


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form; its French catalogue lacks the "remember me" label, so it is ours."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Aangemeld blijven")
