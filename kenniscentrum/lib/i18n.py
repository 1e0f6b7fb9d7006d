"""The page's language and bilingual model fields. Imports no app."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Français"))]


def current_language():
    """The page's language: "fr" on French pages, "nl" everywhere else (Dutch is the default)."""
    return "fr" if (get_language() or "").startswith("fr") else "nl"


class InLanguage:
    """Descriptor: `title = InLanguage()` on a model with `title_nl` and `title_fr` gives the
    French text on French pages and the Dutch text otherwise, each falling back to the other
    when it is empty."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        nl, fr = getattr(obj, f"{self.name}_nl"), getattr(obj, f"{self.name}_fr")
        return (fr or nl) if current_language() == "fr" else (nl or fr)
