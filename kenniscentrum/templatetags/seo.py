import html

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    # Declared so that `{% block %}` tags inside are found and overridden by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The content is rendered with autoescaping, so it is safe to reuse as it is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}` renders its content once into a variable.

    base.html uses it to show the page title both in <title> and in the sharing metadata: a block
    can be rendered only once.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def attribute_text(value):
    """Captured HTML as the plain text of an attribute value. The capture is safe as element
    content only: a quote the template itself wrote (`BIN's voor "{{ query }}"`) would end the
    attribute and let the visitor's query add attributes of its own."""
    return escape(html.unescape(strip_tags(str(value))))
