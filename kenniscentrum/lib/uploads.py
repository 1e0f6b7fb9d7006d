"""Uploads that can never carry active content. Imports no app.

Every file field of the site is an `ImageUploadField` or a `DocumentUploadField`. Validation reads
the type from the content, never from the uploaded name; saving stores the file under a generated
name with the extension of that type, so a file named `x.html` is never served as a web page:

- images (PNG, JPEG, GIF, WebP; never SVG) are opened with Pillow, refused above a pixel cap
  (decompression bombs) and re-encoded, which drops whatever else the bytes carried (HTML, script,
  metadata);
- documents: PDF, OOXML and ODF (a zip holding the member its type requires), legacy Office (an
  OLE file holding its main stream), or an image (re-encoded as above).

A form field that is not a model field (a good practice's attachment) uses `validate_upload`,
which runs the same checks.
"""

import io
import posixpath
import uuid
import zipfile
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Far above any logo or photo; a bigger image is a decompression bomb or a mistake.
MAX_IMAGE_PIXELS = 40_000_000

# Pillow format -> stored extension. Pillow opens only these, never its other plugins.
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
# Image information kept when re-encoding: transparency only; comments and metadata go.
KEPT_IMAGE_INFO = {"transparency"}

OOXML_MEMBERS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = {"WordDocument": "doc", "Workbook": "xls", "PowerPoint Document": "ppt"}

# Stored extension -> Content-Type. Any other extension is served as a download of unknown type.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}

HEX = set("0123456789abcdef")
NOT_ALLOWED = _("Dit bestandstype is niet toegelaten.")


class CheckedUpload(NamedTuple):
    content: object  # a File: the re-encoded image, or the document as uploaded
    extension: str


def content_type_for(name):
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def read_pdf(file, head):
    return CheckedUpload(file, "pdf") if head.startswith(b"%PDF-") else None


def read_office(file, head):
    if head.startswith(b"PK\x03\x04"):
        extension = office_zip_type(file)
    elif head.startswith(OLE_SIGNATURE):
        data = file.read()
        extension = next(
            (ext for stream, ext in OLE_STREAMS.items() if stream.encode("utf-16-le") in data),
            None,
        )
    else:
        extension = None
    return CheckedUpload(file, extension) if extension else None


def office_zip_type(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                return next((ext for name, ext in OOXML_MEMBERS.items() if name in names), None)
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return ODF_MIMETYPES.get(member.read(100).strip())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


def read_image(file, head):
    """The image re-encoded in its own format, or None when it is no image Pillow may open."""
    try:
        with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("Deze afbeelding telt te veel pixels (hoogstens %(max)s miljoen).")
                    % {"max": MAX_IMAGE_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            # A multi-picture JPEG (some cameras) is kept as its first picture, a plain JPEG.
            image_format = "JPEG" if image.format == "MPO" else image.format
            image.load()
            content = reencode(ImageOps.exif_transpose(image), image_format)
    except ValidationError:
        raise
    except Exception:  # Pillow's decoders raise many kinds of errors on malformed input
        return None
    return CheckedUpload(ContentFile(content), IMAGE_FORMATS[image_format])


def reencode(image, image_format):
    """The pixels alone: comments, metadata and anything after the image data are left behind."""
    image.info = {key: value for key, value in image.info.items() if key in KEPT_IMAGE_INFO}
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=image_format)
    return output.getvalue()


READERS = {
    "image": [read_image],
    "pdf": [read_pdf],
    "document": [read_pdf, read_office, read_image],
}


def check_upload(file, kind="document", max_bytes=MAX_UPLOAD_BYTES):
    """What to store for an uploaded `file` of `kind`, or ValidationError with a clear message.

    The result is kept on the file, so validating and then saving reads it only once.
    """
    key = (kind, max_bytes)
    cached = getattr(file, "_checked_upload", None)
    if cached and cached[0] == key:
        return cached[1]
    if file.size > max_bytes:
        raise ValidationError(
            _("Dit bestand is te groot (%(size)s); het maximum is %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    for reader in READERS[kind]:
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        result = reader(file, head)
        if result:
            break
    else:
        raise ValidationError(NOT_ALLOWED, code="bad_type")
    file.seek(0)
    file._checked_upload = (key, result)
    return result


def generated_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


def has_generated_name(name):
    """Whether a stored `name` already went through `check_upload` (see `generated_name`)."""
    stem, _dot, extension = posixpath.basename(name).partition(".")
    return extension in CONTENT_TYPES and len(stem) == 32 and all(c in HEX for c in stem)


@deconstructible
class validate_upload:  # lower case: used like a function in field definitions
    """The checks of `check_upload` as a form field validator."""

    def __init__(self, kind="document", max_bytes=MAX_UPLOAD_BYTES):
        self.kind = kind
        self.max_bytes = max_bytes

    def __call__(self, upload):
        check_upload(upload, self.kind, self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, validate_upload) and (self.kind, self.max_bytes) == (
            other.kind,
            other.max_bytes,
        )


class CheckedFieldFile(FieldFile):
    """Every way of storing a file in an upload field (forms, the admin, `field_file.save()` in
    code) passes `check_upload` and gets a generated name."""

    def save(self, name, content, save=True):
        upload = self.field.checked(content)
        super().save(generated_name(upload.extension), upload.content, save)
        # Whoever reads the file from now on reads what was stored, not what was uploaded.
        self._file = None


class UploadField(models.FileField):
    """A FileField whose files pass `check_upload` and are stored under a generated name."""

    attr_class = CheckedFieldFile
    default_kind = "document"

    def __init__(self, *args, kind=None, max_bytes=MAX_UPLOAD_BYTES, **kwargs):
        self.kind = kind or self.default_kind
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.kind != self.default_kind:
            kwargs["kind"] = self.kind
        if self.max_bytes != MAX_UPLOAD_BYTES:
            kwargs["max_bytes"] = self.max_bytes
        return name, path, args, kwargs

    def checked(self, file):
        return check_upload(file, self.kind, self.max_bytes)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not value._committed:
            self.checked(value.file)


class ImageUploadField(UploadField):
    """A PNG, JPEG, GIF or WebP image, re-encoded."""

    default_kind = "image"


class DocumentUploadField(UploadField):
    """A document (`kind="document"`) or a PDF only (`kind="pdf"`)."""

    default_kind = "document"
