"""Editable page text and menus in the site's templates: `{% load pages %}{% page_body "about" %}`.

Other apps' pages show an editable text through the registry (`registry.page_text`), not through
this library.
"""

from django import template

from kenniscentrum.site import menus
from kenniscentrum.site.section import page_text

register = template.Library()


# The body of the published page with this key in the current language, or nothing.
register.simple_tag(page_text, name="page_body")


@register.simple_tag(takes_context=True)
def menu_pages(context, name):
    """[{title, url, key}] of the pages in menu "about" or "footer" (one query per request)."""
    return menus.menu(context.get("request"), name)
