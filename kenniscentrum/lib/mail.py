"""The one way the site sends e-mail: in the recipient's language, with a text and an HTML part.

Templates live in `templates/emails/<name>_subject.txt`, `<name>_body.txt` and `<name>_body.html`.
Imports no app, so every app may use it.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_email(name, to, context=None, *, language=None, attachments=(), reply_to=None):
    """Render e-mail `name` for the addresses `to` in `language` (default: the site's)."""
    language = language or settings.LANGUAGE_CODE
    context = {"site_url": getattr(settings, "SITE_URL", ""), **(context or {})}
    with translation.override(language):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a subject is one line
        body=text,
        to=list(to),
        reply_to=list(reply_to) if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send_email(name, to, context=None, **kwargs):
    """Build and send e-mail `name`; returns the message (handy in tests and logs)."""
    message = build_email(name, to, context, **kwargs)
    message.send()
    return message


def send_email_to_user(name, user, context=None, **kwargs):
    """Send to a user in their preferred language."""
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    return send_email(
        name, [user.email], {"user": user, **(context or {})}, language=language, **kwargs
    )
