"""Where uploads live and how they are served. Imports no app.

Public uploads (logos, cover images) use the storage "default": MEDIA_ROOT, served as /media/,
or a bucket whose objects anyone may read (`PublicS3Storage`). Files that are not public
(charters, members-only documents, training materials) use the storage "private": a folder
outside MEDIA_ROOT, so that no spelling of a /media/ URL (double slashes, `./`, encoded slashes,
case, `..`) can reach them, or a private bucket or prefix (`PrivateS3Storage`) that nobody reads
without a signature. Which ones: `kenniscentrum.lib.objectstore`, from the settings.

Each app serves private files through a view that checks permission and answers with
`private_file_response`, which hands the file out as settings.PRIVATE_FILES_DELIVERY says:
streamed by Django, redirected to a short-lived presigned URL, or passed to the proxy with
X-Accel-Redirect.

Every file served from the site's origin carries `MEDIA_HEADERS`: the browser must neither guess
another type nor run anything in it, whatever the file holds.
"""

import posixpath
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import content_disposition_header
from django.views import static
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from kenniscentrum.lib.uploads import content_type_for

PRIVATE_STORAGE_ALIAS = "private"
DELIVERIES = {"stream", "signed", "accel"}

MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
# Types a browser shows without running anything of the file's own (with the headers above);
# every other file is downloaded. PDFs open in the browser on purpose: people read them there.
INLINE_TYPES = {"application/pdf"}


class PrivateFileSystemStorage(FileSystemStorage):
    """Follows PRIVATE_MEDIA_ROOT when a test or a deployment changes it."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class PublicS3Storage(S3Storage):
    """Public uploads in a bucket (or prefix) whose objects anyone may read.

    Their URLs carry no signature, so cached pages hold stable links. `public_url`
    (S3_MEDIA_URL) is the base of those links when the proxy or a CDN serves the bucket;
    without it they point to the store itself.
    """

    # Files are stored under generated names and never rewritten, so browsers may keep them.
    default_object_parameters = {"CacheControl": "public, max-age=31536000, immutable"}

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "public_url": "",
            "querystring_auth": False,
            "object_parameters": self.default_object_parameters,
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.public_url:
            return super().url(name, parameters, expire, http_method)
        key = self._normalize_name(clean_name(name))
        return self.public_url.rstrip("/") + "/" + filepath_to_uri(key)


class PrivateS3Storage(S3Storage):
    """Private files in a bucket (or under a prefix) that grants nobody public access: objects
    get no ACL of their own, so they keep the bucket's private default, and are read only
    through URLs signed for a short time (`signed_url`)."""

    def get_default_settings(self):
        return {**super().get_default_settings(), "querystring_auth": True, "default_acl": None}


class PrivateStorage(LazyObject):
    """The storage "private" for file fields, following the settings like `default_storage`.

    A file field keeps the storage it got when its model was defined; this stand-in looks the
    real one up again after STORAGES changes (in tests, and so nothing freezes it). Private
    files have no public URL: links go to the view that checks permission.
    """

    def __init__(self):
        super().__init__()
        setting_changed.connect(self._forget, weak=False)

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]

    def _forget(self, setting, **kwargs):
        if setting == "STORAGES":
            self._wrapped = empty

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the view that serves them.")


private_storage = PrivateStorage()


def get_private_storage():
    """Callable for `FileField(storage=...)`, so migrations do not freeze a storage instance."""
    return private_storage


def real_storage(storage):
    """The storage behind a lazy stand-in such as `private_storage`."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def with_media_headers(response):
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response


def private_file_response(field_file, filename, cache_control="private, no-store"):
    """A stored file for a reader the calling view has already let through.

    The Content-Type comes from the stored name, whose extension the upload pipeline chose from
    the content (never from the uploaded name). `filename` is the name offered to the reader;
    it gets the stored file's extension. How the bytes travel is settings.PRIVATE_FILES_DELIVERY.
    """
    extension = posixpath.splitext(field_file.name)[1].lower()
    filename = posixpath.splitext(filename)[0] + extension
    content_type = content_type_for(field_file.name)
    as_attachment = content_type not in INLINE_TYPES
    delivery = settings.PRIVATE_FILES_DELIVERY
    if delivery == "signed":
        response = HttpResponseRedirect(signed_url(field_file, content_type, filename))
        # The address works for anyone holding it until it expires: no cache keeps it.
        cache_control = "private, no-store"
    elif delivery == "accel":
        response = accel_response(field_file, content_type, filename, as_attachment)
    else:
        response = streamed_response(field_file, content_type, filename, as_attachment)
    if cache_control:
        response["Cache-Control"] = cache_control
    return with_media_headers(response)


def streamed_response(field_file, content_type, filename, as_attachment):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("No file.") from error
    return FileResponse(
        handle, filename=filename, content_type=content_type, as_attachment=as_attachment
    )


def signed_url(field_file, content_type, filename):
    """A presigned GET of the stored object, valid PRIVATE_FILES_URL_SECONDS, whose response
    headers the signature fixes: the stored type and the disposition this site chose."""
    storage = real_storage(field_file.storage)
    if not isinstance(storage, S3Storage):
        raise ImproperlyConfigured("PRIVATE_FILES_DELIVERY=signed needs S3_PRIVATE_BUCKET.")
    if not storage.exists(field_file.name):
        raise Http404("No file.")
    return storage.url(
        field_file.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(
                content_type not in INLINE_TYPES, filename
            ),
        },
        expire=settings.PRIVATE_FILES_URL_SECONDS,
    )


def accel_response(field_file, content_type, filename, as_attachment):
    """An empty answer whose X-Accel-Redirect makes the proxy send the file from its internal
    PRIVATE_FILES_ACCEL_LOCATION. That location maps the rest of the path to PRIVATE_MEDIA_ROOT
    (`alias`), or, with S3, proxies the presigned path and query to the store (`proxy_pass` to
    the host of S3_ENDPOINT_URL). nginx keeps this answer's Content-Type, Content-Disposition and
    Cache-Control but not the other headers: the location adds MEDIA_HEADERS itself (README)."""
    storage = real_storage(field_file.storage)
    if isinstance(storage, S3Storage):
        presigned = urlsplit(signed_url(field_file, content_type, filename))
        target = f"{presigned.path.lstrip('/')}?{presigned.query}"
    elif storage.exists(field_file.name):
        target = quote(field_file.name)
    else:
        raise Http404("No file.")
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Accel-Redirect"] = settings.PRIVATE_FILES_ACCEL_LOCATION.rstrip("/") + "/" + target
    return response


def serve_public_media(request, path):
    """/media/ in development: MEDIA_ROOT only, with the headers a production server must add
    (see the README)."""
    try:
        response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:  # a NUL byte, a name too long for the file system
        raise Http404 from error
    return with_media_headers(response)


@checks.register(checks.Tags.security)
def check_private_files_delivery(app_configs, **kwargs):
    delivery = settings.PRIVATE_FILES_DELIVERY
    if delivery not in DELIVERIES:
        message = f"PRIVATE_FILES_DELIVERY={delivery!r} is not one of {sorted(DELIVERIES)}."
    elif delivery == "signed" and not isinstance(storages[PRIVATE_STORAGE_ALIAS], S3Storage):
        message = "PRIVATE_FILES_DELIVERY=signed needs private files in S3 (S3_PRIVATE_BUCKET)."
    else:
        return []
    return [checks.Error(message, id="kenniscentrum.E002")]


@checks.register(checks.Tags.security)
def check_shared_bucket(app_configs, **kwargs):
    """Public media's read policy names their prefix; private files must lie outside it."""
    public, private = storages["default"], storages[PRIVATE_STORAGE_ALIAS]
    if not (isinstance(public, S3Storage) and isinstance(private, S3Storage)):
        return []
    if public.bucket_name != private.bucket_name:
        return []
    public_prefix, private_prefix = public.location.rstrip("/") + "/", private.location + "/"
    if public_prefix == "/" or private_prefix.startswith(public_prefix):
        return [
            checks.Error(
                "Private files lie inside the public media's prefix of the shared bucket.",
                hint="Give S3_MEDIA_PREFIX and S3_PRIVATE_PREFIX separate values.",
                id="kenniscentrum.E003",
            )
        ]
    return []


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
    """Move files kept under MEDIA_ROOT/private by earlier versions to the private storage.

    Their names in the database are relative to the storage, so they stay valid. Returns the
    names moved; a name already present in the private storage is left where it is and not
    returned.
    """
    legacy = Path(settings.MEDIA_ROOT) / "private"
    moved = []
    if not legacy.is_dir():
        return moved
    for source in sorted(path for path in legacy.rglob("*") if path.is_file()):
        name = source.relative_to(legacy).as_posix()
        if private_storage.exists(name):
            continue
        with source.open("rb") as handle:
            private_storage.save(name, File(handle, name=name))
        source.unlink()
        moved.append(name)
    return moved
