"""Storage for files that are not public (charters, members-only documents and materials).

They live under MEDIA_ROOT/private, which the web server never exposes under /media/; each app
serves them through a view that checks permission. Imports no app.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Follows MEDIA_ROOT when a test or a deployment changes it."""

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the view that serves them.")


private_storage = PrivateStorage()


def get_private_storage():
    """Callable for `FileField(storage=...)`, so migrations do not freeze a storage instance."""
    return private_storage
