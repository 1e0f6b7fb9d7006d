"""What the board ("Bestuur") and the editors ("Redactie") may do in the admin.

The groups themselves are created by a data migration; their permissions are synchronised after
every migrate, because a permission exists only once its model's migration has run. Each app that
lands adds its models here: this is the one place that says who may change what.
"""

from django.contrib.auth.models import Group, Permission

BOARD = "Bestuur"
EDITORS = "Redactie"


def crud(app_label, model):
    return {f"{app_label}.{action}_{model}" for action in ("add", "change", "delete", "view")}


GROUP_PERMISSIONS = {
    BOARD: {
        "members.view_user",
        # BINs, their roles and charters; status and recognition are the board's to keep.
        "members.view_bin",
        "members.change_bin",
        "members.view_binrole",
        "members.add_binrole",
        "members.change_binrole",
        "members.view_charter",
        "members.add_charter",
        "members.change_charter",
        "members.view_bininvitation",
        # The vzw's membership and the start requests it follows up.
        "members.view_membershipapplication",
        "members.change_membershipapplication",
        "members.view_startrequest",
        "members.change_startrequest",
        "members.view_workingmember",
        "members.add_workingmember",
        "members.change_workingmember",
        "members.view_boardmandate",
        "members.add_boardmandate",
        "members.change_boardmandate",
        # Reference data to look things up; police zones are kept by hand.
        "members.view_region",
        "members.view_province",
        "members.view_municipality",
        "members.view_postalcode",
        "members.view_bintype",
        "members.view_policezone",
        "members.add_policezone",
        "members.change_policezone",
        # The board reads the contact form's messages and marks them handled, and decides where
        # each subject is routed.
        "kenniscentrum.view_contactmessage",
        "kenniscentrum.change_contactmessage",
        "kenniscentrum.view_contactsubject",
        "kenniscentrum.add_contactsubject",
        "kenniscentrum.change_contactsubject",
    },
    EDITORS: {
        *crud("kenniscentrum", "page"),
        *crud("kenniscentrum", "partner"),
        *crud("kenniscentrum", "newsletterissue"),
        *crud("kenniscentrum", "newsletteritem"),
        "kenniscentrum.view_newslettersubscriber",
    },
}

# Events and training: editors publish events and courses and manage registrations (attendance,
# participant lists, messages); the board follows along.
GROUP_PERMISSIONS[EDITORS] |= {
    *(f"events.{action}_event" for action in ("add", "change", "delete", "view")),
    *(f"events.{action}_registration" for action in ("change", "delete", "view")),
    *(
        f"training.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("course", "module", "material", "coursesession")
    ),
    "training.view_courseinterest",
    "training.delete_courseinterest",
    "training.view_certificate",
}

# Knowledge base: editors write, publish, archive and restore articles, and keep the themes and
# the documents.
GROUP_PERMISSIONS[EDITORS] |= {
    *crud("knowledgebase", "theme"),
    *crud("knowledgebase", "article"),
    *crud("knowledgebase", "document"),
    "knowledgebase.publish_article",
    "knowledgebase.view_articleversion",
}
GROUP_PERMISSIONS[BOARD] |= {
    "events.view_event",
    "events.view_registration",
    "training.view_course",
    "training.view_certificate",
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
