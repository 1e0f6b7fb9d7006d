from django import forms
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.spam import SpamProtectedForm
from kenniscentrum.lib.uploads import validate_upload
from knowledgebase.models import Article, Theme


class SearchForm(forms.Form):
    """The knowledge base's search box and filters (read from the query string)."""

    ALL_LANGUAGES = "all"
    RELEVANCE, NEWEST = "relevance", "date"

    q = forms.CharField(label=_("Zoeken in de kennisbank"), required=False, max_length=200)
    theme = forms.SlugField(label=_("Thema"), required=False)
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Article.Kind.choices]
    )
    language = forms.ChoiceField(
        label=_("Taal"),
        required=False,
        choices=[
            ("", _("Taal van de website")),
            *Article.Language.choices,
            (ALL_LANGUAGES, _("Alle talen")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[(RELEVANCE, _("relevantie")), (NEWEST, _("datum"))],
    )

    def values(self, ui_language):
        """The valid filters (invalid ones are ignored, as a search box should)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        if not data["language"]:
            data["language"] = ui_language
        if not data["sort"]:
            data["sort"] = self.RELEVANCE if data["q"] else self.NEWEST
        return data


class GoodPracticeForm(SpamProtectedForm, forms.ModelForm):
    """A coordinator or police officer proposes a good practice; the editors review it."""

    file = forms.FileField(
        label=_("Bijlage (optioneel)"),
        required=False,
        validators=[validate_upload("document")],
        help_text=_("Een PDF, Office-document of foto van hoogstens 20 MB."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Article
        fields = [
            "bin",
            "language",
            "title",
            "summary",
            "themes",
            "problem",
            "approach",
            "result",
            "effort",
        ]
        labels = {
            "bin": _("Uw BIN"),
            "title": _("Titel van de goede praktijk"),
            "summary": _("In één of twee zinnen"),
            "problem": _("Het probleem"),
            "approach": _("De aanpak"),
            "result": _("Het resultaat"),
            "effort": _("Inspanning en kosten"),
            "language": _("Taal van uw tekst"),
        }
        help_texts = {
            "summary": _("Verschijnt in de lijsten van de kennisbank."),
            "problem": _("Welk probleem wilde uw BIN aanpakken?"),
            "approach": _("Wat hebt u gedaan, met wie, en hoe?"),
            "result": _("Wat heeft het opgeleverd? Cijfers zijn welkom."),
            "effort": _("Hoeveel tijd, mensen en geld vroeg het?"),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 6}),
            "result": forms.Textarea(attrs={"rows": 4}),
            "effort": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, bins, **kwargs):
        super().__init__(*args, **kwargs)
        # Known before validation, so that the model's own checks apply to a good practice.
        self.instance.kind = Article.Kind.GOOD_PRACTICE
        self.instance.status = Article.Status.REVIEW
        self.fields["bin"].queryset = bins
        self.fields["bin"].required = True
        self.fields["bin"].empty_label = None
        for name in ("problem", "approach", "result"):
            self.fields[name].required = True
