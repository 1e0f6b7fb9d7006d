"""Parts of every page that are the same on most pages, rendered once per process and reused.

`{% reuse "name" key1 key2 %}...{% endreuse %}` renders its body the first time for a name, the
language and the given keys, and returns that HTML afterwards (the main menu and the footer cost
more than half of a simple page's rendering otherwise). The body may depend on nothing else than
the template, the language and the keys: whatever can change between two pages or over time (the
menu pages of the database, the current address) is passed as a key. The template itself only
changes with a deployment, which starts new processes.
"""

import functools
from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()

MAX_FRAGMENTS = 512
_rendered = OrderedDict()

# The addresses the main menu marks as the current page (aria-current).
MAIN_MENU = ("knowledgebase:index", "events:list", "training:course_list", "members:bin_list",
             "about")  # fmt: skip


@receiver(setting_changed)
def _forget(setting, **kwargs):
    """Tests change the URL configuration or the templates: what was rendered no longer holds."""
    if setting in {"ROOT_URLCONF", "TEMPLATES", "LANGUAGES", "LANGUAGE_CODE"}:
        _rendered.clear()
        _main_menu_paths.cache_clear()


@functools.lru_cache(maxsize=8)
def _main_menu_paths(language, prefix):
    return frozenset(reverse(name) for name in MAIN_MENU)


@register.simple_tag(takes_context=True)
def main_menu_current(context):
    """The current address if the main menu links to it, else "": the only part of the address the
    main menu depends on."""
    path = context["request"].path
    return path if path in _main_menu_paths(get_language(), get_script_prefix()) else ""


class ReuseNode(template.Node):
    def __init__(self, name, keys, nodelist):
        self.name = name
        self.keys = keys
        self.nodelist = nodelist

    def render(self, context):
        keys = repr([key.resolve(context) for key in self.keys])
        key = (self.name, get_language(), get_script_prefix(), keys)
        html = _rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            _rendered[key] = html
            if len(_rendered) > MAX_FRAGMENTS:
                _rendered.popitem(last=False)
        return html


@register.tag
def reuse(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% reuse %} needs a name, e.g. {% reuse "footer" %}')
    nodelist = parser.parse(("endreuse",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return ReuseNode(name, [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
