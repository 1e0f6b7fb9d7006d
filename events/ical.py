"""iCalendar (.ics) for one event, the public feed and a person's private feed.

Each event keeps one UID for its whole life and a SEQUENCE that grows with every announced change,
so a calendar application replaces its copy instead of adding a second one. Times are written in
Europe/Brussels with a VTIMEZONE, so they stay right across daylight-saving changes.
"""

from contextlib import nullcontext
from datetime import timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import override

BRUSSELS = ZoneInfo("Europe/Brussels")
PRODID = "-//BIN Kenniscentrum vzw//Agenda//NL"


def _absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def vevent(event, *, language=None, full_text=False, online_url=""):
    """The VEVENT of `event`, with texts in `language` (default: the active language).

    Only with `full_text` may the description come from the event's full description (else the
    summary, its public teaser); the online meeting link only when given as `online_url`, for a
    participant (see `events.access`)."""
    with override(language) if language else nullcontext():
        entry = icalendar.Event()
        entry.add("uid", event.uid)
        entry.add("dtstamp", timezone.now())
        entry.add("last-modified", event.updated_at or timezone.now())
        entry.add("sequence", event.sequence)
        entry.add("dtstart", event.starts_at.astimezone(BRUSSELS))
        entry.add("dtend", event.ends_at.astimezone(BRUSSELS))
        entry.add("summary", event.title)
        url = _absolute(event.get_absolute_url())
        entry.add("url", url)
        text = event.summary or (event.description if full_text else "")
        description = strip_tags(text or "").strip()
        if online_url:
            description = f"{description}\n\n{online_url}".strip()
        entry.add("description", f"{description}\n\n{url}".strip())
        location = event.location_text or online_url
        if location:
            entry.add("location", location)
        entry.add("organizer", f"MAILTO:{_organiser_address()}", parameters={"CN": event.organiser})
        entry.add("status", "CANCELLED" if event.status == event.Status.CANCELLED else "CONFIRMED")
    return entry


def _no_full_text(event):
    return False


def _no_online_link(event):
    return ""


def calendar(
    events,
    *,
    name,
    language=None,
    method=None,
    full_text=_no_full_text,
    online_url=_no_online_link,
):
    """A VCALENDAR holding `events`, as bytes.

    `full_text(event)` says whether the reader may read an event's description, `online_url(event)`
    gives the online link that is the reader's (see `vevent`)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Brussels")
    # Ask subscribed calendars to look again every few hours.
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for event in events:
        cal.add_component(
            vevent(
                event,
                language=language,
                full_text=full_text(event),
                online_url=online_url(event),
            )
        )
    cal.add_missing_timezones()
    return cal.to_ical()


def attachment(event, *, language, full_text=False, online_url=""):
    """(filename, content, mimetype) for an e-mail attachment (see `vevent`)."""
    content = calendar(
        [event],
        name=event.organiser,
        language=language,
        method="PUBLISH",
        full_text=lambda _event: full_text,
        online_url=lambda _event: online_url,
    )
    return (f"{event.slug}.ics", content, "text/calendar")


def _organiser_address():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@bin-kenniscentrum.be"
