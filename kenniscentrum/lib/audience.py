"""The site's one audience vocabulary: who a piece of content (article, document, event, course
material) is for. Imports no app, so every app may use it.

Each app offers only some of these audiences (`Audience.subset`), with the same stored values and
labels, so they cannot drift apart. Who may read which audience is decided in one place,
`members.access.can_see_audience`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Iedereen")
    MEMBERS = "members", _("Leden")
    WORKING_MEMBERS = "working_members", _("Werkende leden")
    STAFF = "staff", _("Medewerkers")

    @classmethod
    def subset(cls, name, *audiences):
        """The choices `name` for a field that offers only `audiences`, e.g.
        `Audience.subset("Audience", Audience.PUBLIC, Audience.MEMBERS)`."""
        return models.TextChoices(
            name, [(audience.name, (audience.value, audience.label)) for audience in audiences]
        )
