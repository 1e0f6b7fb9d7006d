"""Bilingual model fields: `title_nl` and `title_fr` read as `title` in the current language.

Imports no app.
"""

from django.utils.translation import get_language


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
        return (fr or nl) if get_language() == "fr" else (nl or fr)
