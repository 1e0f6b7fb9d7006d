"""Storage for files that must never be public (charters, members-only documents).

They live under MEDIA_ROOT/private, so they share the media volume, but they have no URL: a view
that checks permission serves them (see `serve_private_file`). The development server's /media/
route skips this folder, and a web server in front of the site must not serve it either.
Imports no app.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_FOLDER = "private"


@deconstructible(path="kenniscentrum.lib.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Read when first used (not at import), so a changed MEDIA_ROOT in tests is followed.
        return self._value_or_setting(
            self._location, os.path.join(settings.MEDIA_ROOT, PRIVATE_FOLDER)
        )

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


private_storage = PrivateStorage()


def serve_private_file(field_file, filename, content_type="application/pdf"):
    """A download response for a private file; call it only after checking permission."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=False, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
