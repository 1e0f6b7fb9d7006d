"""What the board ("Bestuur") and the editors ("Redactie") may do in the admin.

The groups themselves are created by a data migration; their permissions are synchronised after
every migrate, because a permission exists only once its model's migration has run. Each app that
lands adds its models here: this is the one place that says who may change what.
"""

from django.contrib.auth.models import Group, Permission

BOARD = "Bestuur"
EDITORS = "Redactie"

GROUP_PERMISSIONS = {
    BOARD: {
        "members.view_user",
    },
    EDITORS: {
        # Knowledge base: themes, articles (with publishing and history), documents.
        *(
            f"knowledgebase.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("theme", "article", "document")
        ),
        "knowledgebase.publish_article",
        "knowledgebase.view_articleversion",
    },
}


def sync_group_permissions(**kwargs):
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted += Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(wanted)
