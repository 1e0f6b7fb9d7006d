from django import template

from knowledgebase import search

register = template.Library()


@register.filter
def highlight(headline):
    """A search headline as safe HTML: the text escaped, the matched words in <mark>."""
    return search.highlight(headline)
