"""One allow-list for every piece of stored HTML (articles, pages, BIN descriptions, events,
courses, newsletters), and the field that applies it.

Whatever an editor or a form sends is cleaned when it is written: no script, no event handler, no
style attribute, no `javascript:` or `data:` link. The rich-text editor is configured from the same
allow-list. Imports no app, so every app may use it.
"""

import re

import nh3
from django import forms
from django.db import models
from django_prose_editor.fields import ProseEditorFormField

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


# The rich-text editor's (django-prose-editor's) formatting features, with the tags each writes.
# The editor offers a feature only while the allow-list keeps all of its tags, so it never offers
# what saving would throw away. Images, figures and code stay allowed in stored HTML (pasted or
# imported text) without being offered.
EDITOR_FEATURES = {
    "Bold": {"strong"},
    "Italic": {"em"},
    "Underline": {"u"},
    "Strike": {"s"},
    "Subscript": {"sub"},
    "Superscript": {"sup"},
    "BulletList": {"ul"},
    "OrderedList": {"ol"},
    "ListItem": {"li"},
    "Blockquote": {"blockquote"},
    "HorizontalRule": {"hr"},
    "HardBreak": {"br"},
    "Table": {"table", "thead", "tbody", "tr", "th", "td"},
    "TableRow": {"tr"},
    "TableHeader": {"th"},
    "TableCell": {"td"},
}
HEADING = re.compile(r"h([1-6])")


def editor_extensions():
    """The editor's configuration (django-prose-editor `extensions`), derived from the allow-list:
    its features, heading levels and link schemes."""
    extensions = {name: True for name, tags in EDITOR_FEATURES.items() if tags <= ALLOWED_TAGS}
    levels = sorted(int(match[1]) for tag in ALLOWED_TAGS if (match := HEADING.fullmatch(tag)))
    if levels:
        extensions["Heading"] = {"levels": levels}
    if "a" in ALLOWED_TAGS:
        extensions["Link"] = {"enableTarget": False, "protocols": sorted(URL_SCHEMES)}
    return extensions


class SanitizedHTMLField(models.TextField):
    """Stored HTML, cleaned against the allow-list whenever the field is written: `save()`,
    `create()`, `update_or_create()` and `bulk_create()` alike (Django calls `pre_save` for each).
    A plain `QuerySet.update()` bypasses every field's `pre_save`: write HTML through the model.

    With `editor=True`, forms show the rich-text editor, offering what the allow-list keeps.
    """

    def __init__(self, *args, editor=False, **kwargs):
        self.editor = editor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.editor:
            kwargs["editor"] = True
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        if self.editor:
            kwargs = {
                "form_class": ProseEditorFormField,
                "config": {"extensions": editor_extensions()},
                "preset": "configurable",
            } | kwargs
        return super().formfield(**kwargs)


def sanitize_html_fields(instance):
    """Clean `instance`'s HTML fields now, for a `save()` that derives other fields from them
    (search text, versions) before the fields' own cleaning would run."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, SanitizedHTMLField):
            field.pre_save(instance, add=instance._state.adding)


# Pages and newsletters edit their HTML as plain text in the admin (their SanitizedHTMLField
# cleans it on save); articles use the rich-text editor, configured from the same allow-list.
HTML_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 18, "cols": 100})}}
