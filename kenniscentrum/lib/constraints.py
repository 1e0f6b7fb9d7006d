"""Named database constraints that state their message once, next to the field it is about.

Django validates a model's constraints in forms and the admin and shows a broken one's
`violation_error_message` at the top of the form. These constraints take the field the person
should correct (`field="end"`), so the message stands next to it, and `clean()` need not repeat
the rule. Imports no app.
"""

from django.core.exceptions import ValidationError
from django.db import models


class _OnField:
    def __init__(self, *args, field, **kwargs):
        self.field = field
        super().__init__(*args, **kwargs)

    def validate(self, *args, **kwargs):
        try:
            super().validate(*args, **kwargs)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "field": self.field}

    def __eq__(self, other):
        return super().__eq__(other) and self.field == getattr(other, "field", None)


class FieldCheckConstraint(_OnField, models.CheckConstraint):
    """A check constraint whose message is shown next to `field`."""


class FieldUniqueConstraint(_OnField, models.UniqueConstraint):
    """A unique constraint whose message is shown next to `field`."""
