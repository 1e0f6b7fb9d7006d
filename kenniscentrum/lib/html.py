"""One allow-list for every piece of stored HTML (articles, pages, BIN descriptions, newsletters).

Whatever an editor or a form sends is cleaned on save: no script, no event handler, no style
attribute, no `javascript:` or `data:` link. Imports no app, so every app may use it.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "pre", "code", "hr",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value):
    """Return `value` with everything outside the allow-list removed (script content included)."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
