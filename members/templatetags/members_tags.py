"""Template tags of the members app.

`bin_related_content` is the hook through which a BIN page shows the content other apps link to
it, without the members app importing them: an app whose model has a foreign key to BIN with one
of the related names below (e.g. `Article.bin = ForeignKey(BIN, related_name="articles")`) appears
on the BIN page as a list of links (`str(item)` and `item.get_absolute_url()`), filtered by the
queryset methods of the list that it has, applied in turn (e.g. `published()` then
`upcoming()`), at most `limit` items. When the list has a `listed_for(user)` method, it gives the
app's audience rule for lists: the page shows only what the visitor may see listed (a staff-only
good practice is not even named to others).
"""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from members.models import BIN

register = template.Library()

RELATED_SECTIONS = [
    # (related name on BIN, queryset methods to try in order, heading)
    ("good_practices", ["published"], _("Goede praktijken")),
    ("events", ["published", "upcoming"], _("Activiteiten")),
]


def linked_content_flags():
    """`{"links_<relation>": Exists(...)}`: annotations saying whether anything at all links to
    the BIN through each relation. A BIN page reads them with the BIN, so that a BIN nothing links
    to (most of them) costs no query per list; one with links is listed as before."""
    flags = {}
    for relation, _methods, _heading in RELATED_SECTIONS:
        try:
            field = BIN._meta.get_field(relation)
        except FieldDoesNotExist:
            continue  # that app has not landed
        linked = field.related_model._base_manager.filter(**{field.field.name: OuterRef("pk")})
        flags[f"links_{relation}"] = Exists(linked)
    return flags


@register.inclusion_tag("members/includes/bin_related.html", takes_context=True)
def bin_related_content(context, bin_, limit=5):
    user = context["request"].user
    sections = []
    for relation, methods, heading in RELATED_SECTIONS:
        manager = getattr(bin_, relation, None)
        if manager is None or not hasattr(manager, "all"):
            continue  # that app has not landed (or links no content to BINs)
        if getattr(bin_, f"links_{relation}", True) is False:
            continue  # nothing links to this BIN that way (see `linked_content_flags`)
        items = manager.all()
        for method in methods:
            if hasattr(items, method):
                items = getattr(items, method)()
        if hasattr(items, "listed_for"):
            items = items.listed_for(user)
        items = list(items[:limit])
        if items:
            sections.append({"relation": relation, "heading": heading, "items": items})
    return {"sections": sections}
