"""Editable page text in any template: `{% load pages %}{% page_body "structure" %}`.

Other apps show a page's text without importing kenniscentrum: a template tag library is looked up
by name when the template renders.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kenniscentrum import menus
from kenniscentrum.models import Page, current_language

register = template.Library()


@register.simple_tag
def page_body(key):
    """The body of the published page with this key in the current language, or nothing."""
    page = Page.objects.published().filter(key=key).first()
    if page is None or not page.body:
        return ""
    # The body was sanitised when it was saved.
    body = mark_safe(page.body)
    if page.body_language != current_language():
        return format_html('<div class="page-body" lang="{}">{}</div>', page.body_language, body)
    return format_html('<div class="page-body">{}</div>', body)


@register.simple_tag
def menu_pages(name):
    """[{title, url, key}] of the pages in menu "about" or "footer" (cached)."""
    return menus.menu(name)
