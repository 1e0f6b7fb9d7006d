"""Checks for uploaded files: the type is read from the content, not trusted from the name.

Imports no app. Use `validate_upload(kinds=...)` as a model or form field validator.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# Leading bytes of each accepted format.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpeg": [b"\xff\xd8\xff"],
    "gif": [b"GIF87a", b"GIF89a"],
    "webp": [b"RIFF"],
    "office": [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],  # OOXML/ODF zip, legacy OLE
}
KINDS = {
    "pdf": {"pdf"},
    "image": {"png", "jpeg", "gif", "webp"},
    "document": {"pdf", "office", "png", "jpeg", "gif", "webp"},
}


def sniff(head):
    """The format of a file from its first bytes, or None."""
    for name, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            if name == "webp" and head[8:12] != b"WEBP":
                continue
            return name
    return None


@deconstructible
class validate_upload:  # noqa: N801 - used like a function in field definitions
    def __init__(self, kind="document", max_bytes=MAX_UPLOAD_BYTES):
        self.kind = kind
        self.max_bytes = max_bytes

    def __call__(self, upload):
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("Dit bestand is te groot (%(size)s); het maximum is %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_bytes)},
                code="too_large",
            )
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(16)
        upload.seek(position)
        if sniff(head) not in KINDS[self.kind]:
            raise ValidationError(_("Dit bestandstype is niet toegelaten."), code="bad_type")

    def __eq__(self, other):
        return isinstance(other, validate_upload) and (self.kind, self.max_bytes) == (
            other.kind,
            other.max_bytes,
        )
