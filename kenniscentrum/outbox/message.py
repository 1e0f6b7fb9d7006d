"""An e-mail message as JSON data that anyone can read in the admin, and back.

Not pickle: a stored row must stay readable after an upgrade and must never run code when loaded.
"""

import base64
from email.mime.base import MIMEBase
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import DNS_NAME


def _content(value):
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return {"text": value}


def _value(content):
    if "base64" in content:
        return base64.b64decode(content["base64"])
    return content["text"]


def _attachment(attachment):
    if isinstance(attachment, MIMEBase):
        # Kept by its file name, type and content; nothing in the site attaches raw MIME parts.
        attachment = (
            attachment.get_filename(),
            attachment.get_payload(decode=True),
            attachment.get_content_type(),
        )
    filename, content, mimetype = attachment
    return {"filename": filename, "mimetype": mimetype, **_content(content)}


def to_data(message):
    """The message as JSON-serialisable data. Its date and Message-ID are fixed now, when the
    site decided to send it, so that a delivery retried later is still the same message."""
    headers = dict(message.extra_headers)
    if not any(name.lower() == "date" for name in headers):
        headers["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": {str(k): str(v) for k, v in headers.items()},
        "content_subtype": message.content_subtype,
        "mixed_subtype": message.mixed_subtype,
        "alternatives": [
            {"mimetype": mimetype, **_content(content)}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment(a) for a in message.attachments],
    }


def from_data(data):
    """The EmailMessage that `to_data` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    for alternative in data["alternatives"]:
        message.attach_alternative(_value(alternative), alternative["mimetype"])
    for attachment in data["attachments"]:
        message.attach(attachment["filename"], _value(attachment), attachment["mimetype"])
    return message
