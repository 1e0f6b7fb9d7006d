"""The site's one audience vocabulary: who a piece of content (article, document, event, course
material) is for. Imports no app, so every app may use it.

Each app offers only some of these audiences, in choices whose members take their value and
label from here (`PUBLIC = Audience.PUBLIC.value, Audience.PUBLIC.label`), so the stored values
cannot drift apart. Who may read which audience is decided in one place,
`members.access.can_see_audience`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Iedereen")
    MEMBERS = "members", _("Leden")
    WORKING_MEMBERS = "working_members", _("Werkende leden")
    STAFF = "staff", _("Medewerkers")
