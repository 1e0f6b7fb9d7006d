from django import forms
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.spam import SpamProtectedForm
from training.models import Course


class CourseFilterForm(forms.Form):
    target_group = forms.ChoiceField(
        label=_("Doelgroep"),
        required=False,
        choices=[("", _("Alle doelgroepen")), *Course.TargetGroup.choices],
    )


class InterestForm(SpamProtectedForm):
    email = forms.EmailField(label=_("E-mailadres"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class CertificateLookupForm(forms.Form):
    code = forms.CharField(label=_("Verificatiecode"), max_length=20)

    def clean_code(self):
        code = "".join(c for c in self.cleaned_data["code"].upper() if c.isalnum())
        if len(code) != 12:
            raise forms.ValidationError(_("Een verificatiecode heeft twaalf tekens."))
        return f"{code[:4]}-{code[4:8]}-{code[8:]}"
