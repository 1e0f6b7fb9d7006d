"""Where uploads live and how they are served. Imports no app.

Public uploads (logos, cover images) live under MEDIA_ROOT and are served as /media/. Files that
are not public (charters, members-only documents, training materials) live under
PRIVATE_MEDIA_ROOT, a folder outside MEDIA_ROOT, so that no spelling of a /media/ URL (double
slashes, `./`, encoded slashes, case, `..`) can reach them; each app serves them through a view
that checks permission and answers with `private_file_response`.

Every file served from the site's origin carries `MEDIA_HEADERS`: the browser must neither guess
another type nor run anything in it, whatever the file holds.
"""

import posixpath
import shutil
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.functional import cached_property
from django.views import static

from kenniscentrum.lib.uploads import content_type_for

MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
# Types a browser shows without running anything of the file's own (with the headers above);
# every other file is downloaded. PDFs open in the browser on purpose: people read them there.
INLINE_TYPES = {"application/pdf"}


class PrivateStorage(FileSystemStorage):
    """Follows PRIVATE_MEDIA_ROOT when a test or a deployment changes it."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the view that serves them.")


private_storage = PrivateStorage()


def get_private_storage():
    """Callable for `FileField(storage=...)`, so migrations do not freeze a storage instance."""
    return private_storage


def with_media_headers(response):
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response


def private_file_response(field_file, filename, cache_control="private, no-store"):
    """A stored file for a reader the calling view has already let through.

    The Content-Type comes from the stored name, whose extension the upload pipeline chose from
    the content (never from the uploaded name). `filename` is the name offered to the reader;
    it gets the stored file's extension.
    """
    extension = posixpath.splitext(field_file.name)[1].lower()
    filename = posixpath.splitext(filename)[0] + extension
    content_type = content_type_for(field_file.name)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("No file.") from error
    response = FileResponse(
        handle,
        filename=filename,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
    )
    if cache_control:
        response["Cache-Control"] = cache_control
    return with_media_headers(response)


def serve_public_media(request, path):
    """/media/ in development: MEDIA_ROOT only, with the headers a production server must add
    (see the README)."""
    try:
        response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:  # a NUL byte, a name too long for the file system
        raise Http404 from error
    return with_media_headers(response)


@checks.register(checks.Tags.security)
def check_private_media_root(app_configs, **kwargs):
    public = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if private == public or public in private.parents:
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT lies inside MEDIA_ROOT, so private files could be served "
                "as /media/.",
                hint="Point PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT.",
                id="kenniscentrum.E001",
            )
        ]
    legacy = public / "private"
    if legacy.is_dir() and any(path.is_file() for path in legacy.rglob("*")):
        return [
            checks.Warning(
                f"{legacy} still holds private files, which /media/ may expose.",
                hint="Run `python manage.py secure_uploads` to move them to PRIVATE_MEDIA_ROOT.",
                id="kenniscentrum.W001",
            )
        ]
    return []


def move_legacy_private_files():
    """Move files kept under MEDIA_ROOT/private by earlier versions to PRIVATE_MEDIA_ROOT.

    Their names in the database are relative to the storage, so they stay valid. Returns the
    names moved; a name already present in the new root is left where it is and not returned.
    """
    legacy = Path(settings.MEDIA_ROOT) / "private"
    moved = []
    if not legacy.is_dir():
        return moved
    for source in sorted(path for path in legacy.rglob("*") if path.is_file()):
        name = source.relative_to(legacy).as_posix()
        target = Path(private_storage.path(name))
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        moved.append(name)
    return moved
