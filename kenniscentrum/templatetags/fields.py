"""Form fields as Bootstrap 5's markup, as crispy writes it, without crispy's templates: a
template per field and per option cost more than the rest of a small form's page.
`{% load fields %}{% form_fields form %}` or `{% form_field form.email %}`; widgets other than
one-line inputs and select boxes (a checkbox, a text area…) still go through crispy."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _select(field, attrs):
    """A select box, each option written here (Django renders each through a template)."""
    value = field.value()
    values = value if isinstance(value, (list, tuple)) else [value]
    selected = {"" if v is None else str(v) for v in values}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (choice, mark_safe(" selected") if str(choice) in selected else "", label)
            for choice, label in field.field.choices
        ),
    )
    return format_html("<select{}>{}</select>", flatatt(attrs), options)


def _input(field, attrs):
    """A one-line input, as Django's input template writes it."""
    value = field.field.widget.format_value(field.value())
    if value is not None:
        attrs["value"] = value
    return format_html(
        '<input type="{}" name="{}"{}>',
        field.field.widget.input_type,
        field.html_name,
        flatatt(attrs),
    )


# Widgets written here; any other (a checkbox, a text area…) goes through crispy.
INPUTS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.NumberInput)


def _widget(field):
    widget = field.field.widget
    select = type(widget) is forms.Select
    css = [widget.attrs.get("class", ""), "form-select" if select else "form-control"]
    if field.errors:
        css.append("is-invalid")
    attrs = {**widget.attrs, **field.build_widget_attrs({"class": " ".join(c for c in css if c)})}
    if field.auto_id:
        attrs.setdefault("id", field.auto_id)
    if select:
        return _select(field, {"name": field.html_name, **attrs})
    return _input(field, attrs)


@register.simple_tag
def form_field(field):
    """One field: label (marked when required), input, its errors next to it (linked to the
    input by aria-describedby), help text. Other widgets (checkboxes…) go through crispy."""
    widget = field.field.widget
    if not (isinstance(widget, INPUTS) or type(widget) is forms.Select):
        return as_crispy_field(field)
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label,
        _widget(field),
        errors,
        help_text,
    )


@register.simple_tag
def form_fields(form):
    """A whole form's fields, after the errors that belong to no single field."""
    errors = ""
    if form.non_field_errors():
        errors = format_html(
            '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
            format_html_join("", "<li>{}</li>", ((error,) for error in form.non_field_errors())),
        )
    return format_html(
        "{}{}", errors, format_html_join("", "{}", ((form_field(field),) for field in form))
    )
