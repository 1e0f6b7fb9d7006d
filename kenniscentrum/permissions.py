"""What the board ("Bestuur") and the editors ("Redactie") may do in the admin.

The groups themselves are created by a data migration; their permissions are synchronised after
every migrate, because a permission exists only once its model's migration has run. Each app says
who may change its models in its registry entry (`group_permissions` in its `site.py`); this
module only applies them.
"""

from django.contrib.auth.models import Group, Permission

from kenniscentrum.lib import registry
from kenniscentrum.lib.registry import BOARD, EDITORS

__all__ = ["BOARD", "EDITORS", "sync_group_permissions"]


def sync_group_permissions(**kwargs):
    for group_name, codenames in registry.group_permissions().items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted += Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(wanted)
