"""Every URL pattern of the site, read from the URLconf itself, so that tests cover new URLs
without being told about them."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import translation


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the template itself for an unnamed pattern
    template: str  # the path with "{param}" where a value goes, e.g. "/nl/bin/{slug}/"
    params: tuple

    def path(self, **values):
        return self.template.format(**values)


def _regex_template(regex):
    """A regex route such as ^confirm-email/(?P<key>[-:\\w]+)/$ as "confirm-email/{key}/"."""
    out, i = [], 0
    while i < len(regex):
        match = re.match(r"\(\?P<(\w+)>", regex[i:])
        if match:
            depth, j = 1, i + match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            out.append("{" + match.group(1) + "}")
            i = j
        elif regex[i] in "^$":
            i += 1
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _piece(pattern):
    if isinstance(pattern, RegexPattern):
        return _regex_template(str(pattern))
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern))


def _walk(patterns, prefix, namespace):
    for entry in patterns:
        piece = prefix + _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, piece, inner)
        elif isinstance(entry, URLPattern):
            template = "/" + piece
            name = f"{namespace}{entry.name}" if entry.name else template
            yield Route(name, template, tuple(re.findall(r"{(\w+)}", template)))


def all_routes():
    """Every route in every language (i18n patterns once per language prefix), without
    duplicates for the patterns that have no language prefix."""
    routes = {}
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            for route in _walk(get_resolver().url_patterns, "", ""):
                routes.setdefault((route.name, route.template), route)
    return list(routes.values())
