from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html

from knowledgebase import search

register = template.Library()


@register.filter
def highlight(headline):
    """A search headline as safe HTML: the text escaped, the matched words in <mark>."""
    return search.highlight(headline)


@register.filter
def publication_time(moment):
    """`<time>` with the day in the page's language ("3 maart 2026"), as
    `{{ moment|date:"j F Y" }}` in a `datetime="{{ moment|date:'c' }}"` would give, for a
    fraction of the cost: a list of articles shows one per card."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day = f"{local.day} {MONTHS[local.month]} {local.year}"
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), day)
