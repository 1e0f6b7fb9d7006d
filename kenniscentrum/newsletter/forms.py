from django import forms
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.forms import privacy_link
from kenniscentrum.lib.i18n import LANGUAGES, current_language
from kenniscentrum.lib.spam import SpamProtectedForm
from kenniscentrum.newsletter.mailing import CONSENT_TEXT
from kenniscentrum.newsletter.models import Topic


class SubscribeForm(SpamProtectedForm):
    email = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(
        label=_("Taal van de nieuwsbrief"), choices=LANGUAGES, widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Waarover wilt u nieuws krijgen?"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één onderwerp.")},
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _("Zonder uw toestemming kunnen we u de nieuwsbrief niet sturen.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = privacy_link()
        self.fields["language"].initial = current_language()
        self.fields["topics"].initial = [t.value for t in Topic]
