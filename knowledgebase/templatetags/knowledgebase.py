from django import template

from knowledgebase import search

register = template.Library()


@register.filter
def highlight(headline):
    """A search headline as safe HTML: the text escaped, the matched words in <mark>."""
    return search.highlight(headline)


@register.filter
def paragraphs(text):
    """Plain text typed in a form, as paragraphs (escaped)."""
    from django.utils.html import linebreaks

    return linebreaks(text, autoescape=True)
