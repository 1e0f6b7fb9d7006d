"""Small text helpers for search: plain text from HTML, and text without accents or capitals."""

import html
import re
import unicodedata

from django.utils.html import strip_tags

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|td|th|figcaption|pre)>|<br\s*/?>", re.I)


def html_to_text(value):
    """The readable text of sanitised HTML, with blocks separated by a space."""
    if not value:
        return ""
    text = strip_tags(BLOCK_END.sub(" ", value))
    return " ".join(html.unescape(text).split())


def fold(value):
    """Lower case without accents: "Sécurité" -> "securite". Matches PostgreSQL's unaccent."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
