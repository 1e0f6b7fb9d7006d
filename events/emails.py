"""The e-mails about registrations, each in the registrant's language with a signed cancel link."""

from django.utils.translation import override

from events import access, ical, links
from kenniscentrum.lib.mail import send_email


def greeting_name(registration):
    """The name an e-mail greets the registrant by: an account's own name, never a name typed in
    the visitor's form. Whoever typed the address also chose that name, and the owner confirming
    the address does not make the name theirs: the site would relay a stranger's text."""
    return registration.user.get_full_name() if registration.user_id else ""


def _send(name, registration, *, with_calendar=False, **extra):
    event = registration.event
    language = registration.language
    # The online meeting link goes to participants only, never to the waiting list, a pending
    # or a cancelled registration (see events.access).
    online_url = access.online_link_for(registration)
    with override(language):
        context = {
            "registration": registration,
            "event": event,
            "name": greeting_name(registration),
            "event_url": links.event_url(event, language),
            "cancel_url": links.cancel_url(registration),
            "online_url": online_url,
            **extra,
        }
    attachments = []
    if with_calendar:
        full_text = access.registrant_can_read(registration)
        attachments.append(
            ical.attachment(event, language=language, full_text=full_text, online_url=online_url)
        )
    return send_email(
        name, [registration.email], context, language=language, attachments=attachments
    )


def send_confirm_address(registration):
    return _send(
        "event_confirm_address",
        registration,
        confirm_url=links.confirm_url(registration),
        valid_hours=links.CONFIRM_VALID_DAYS * 24,
    )


def send_status(registration):
    """The e-mail that matches a new registration's status."""
    if registration.status == registration.Status.PENDING:
        return send_confirm_address(registration)
    if registration.status == registration.Status.WAITLISTED:
        return _send("event_waitlisted", registration, position=registration.waitlist_position())
    return _send("event_confirmed", registration, with_calendar=True)


def send_already_registered(registration):
    """Someone typed an address that is already registered: its owner hears it, not them."""
    return _send("event_already_registered", registration)


def send_promoted(registration):
    return _send("event_promoted", registration, with_calendar=True)


def send_cancelled(registration):
    return _send("event_cancelled_by_person", registration)


def send_event_changed(registration, *, cancelled=False):
    if cancelled:
        return _send("event_cancelled", registration, with_calendar=True)
    return _send("event_changed", registration, with_calendar=True)


def send_reminder(registration):
    return _send("event_reminder", registration, with_calendar=True)


def send_message(registration, subject, message):
    """A message from the organisers to one participant (sent to each separately)."""
    return _send("event_message", registration, subject=subject, message=message)
