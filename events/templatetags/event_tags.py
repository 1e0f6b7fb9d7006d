"""The calendar's per-row markup, written in Python: a page of the calendar shows twenty cards,
and the template engine spends several times as long on a card (its includes, date filters and
translation tags) as this code does. (The forms' fields: `kenniscentrum/templatetags/fields.py`.)"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from events.models import Event

register = template.Library()


def long_datetime(moment):
    """What the `date` filter writes for "l j F Y, H:i" (e.g. "dinsdag 3 maart 2026, 19:30"),
    without parsing the format for every date."""
    weekday, month = WEEKDAYS[moment.weekday()], MONTHS[moment.month]
    return f"{weekday} {moment.day} {month} {moment.year}, {moment:%H:%M}"


@register.simple_tag
def event_when(event):
    """Start and end in the site's time zone; the end's date only when it is another day.
    `event` is an event or the facts of its card."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    end_text = f"{ends:%H:%M}" if starts.date() == ends.date() else long_datetime(ends)
    return format_html(
        '<time datetime="{}">{}</time> – <time datetime="{}">{}</time>',
        starts.isoformat(),
        long_datetime(starts),
        ends.isoformat(),
        end_text,
    )


# The choices' labels by value: `get_FOO_display()` rebuilds its mapping on every call.
KINDS = dict(Event.Kind.choices)
AUDIENCES = dict(Event.Audience.choices)
LANGUAGES = dict(Event.Language.choices)


@dataclass(frozen=True)
class CardFacts:
    """Everything a card shows, in the page's language and time zone. The card is made from
    these alone, so the same facts always make the same card: it is kept per process (the 19
    other cards of a calendar page stay valid when one event gets a registration)."""

    page_language: str
    time_zone: str
    script_prefix: str
    slug: str
    title: str
    kind: str
    audience: str
    status: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    municipality: str
    province: str
    language: str
    seats_left: int | None
    archive: bool

    @classmethod
    def of(cls, event, archive):
        municipality = event.municipality
        province = municipality.province if municipality is not None else None
        return cls(
            page_language=get_language(),
            time_zone=timezone.get_current_timezone_name(),
            script_prefix=get_script_prefix(),
            slug=event.slug,
            title=event.title,
            kind=event.kind,
            audience=event.audience,
            status=event.status,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            venue_name=event.venue_name,
            municipality=municipality.name if municipality is not None else "",
            province=province.name if province is not None else "",
            language=event.language,
            seats_left=event.seats_left(),
            archive=bool(archive),
        )


def _place(facts):
    if not facts.venue_name:
        return _("Online")
    if not facts.municipality:
        return facts.venue_name
    if not facts.province:
        return f"{facts.venue_name}, {facts.municipality}"
    return f"{facts.venue_name}, {facts.municipality} ({facts.province})"


def _seats(left):
    if left is None:
        return _("Vrije inschrijving")
    if left == 0:
        return format_html(
            "<strong>{}</strong> – {}", _("Volzet"), _("inschrijven op de wachtlijst")
        )
    return ngettext("Nog %(counter)s plaats vrij", "Nog %(counter)s plaatsen vrij", left) % {
        "counter": left
    }


@register.simple_tag
def event_card(event, archive=False):
    """An event in a list: kind, audience, title, time, place, language and free seats (read
    from the event's counters; not for the archive, where they no longer matter)."""
    return _card(CardFacts.of(event, archive))


@lru_cache(maxsize=4096)
def _card(facts):
    audience = ""
    if facts.audience != Event.Audience.PUBLIC:
        audience = format_html(
            ' · <span class="badge text-bg-secondary">{} {}</span>',
            _("Voor"),
            str(AUDIENCES.get(facts.audience, facts.audience)).lower(),
        )
    if facts.status == Event.Status.CANCELLED:
        status = format_html(
            '<p class="mb-0"><strong class="text-danger">{}</strong></p>', _("Geannuleerd")
        )
    elif not facts.archive:
        status = format_html('<p class="mb-0">{}</p>', _seats(facts.seats_left))
    else:
        status = ""
    return format_html(
        '<article class="card h-100 event-card"><div class="card-body">'
        '<p class="small text-body-secondary mb-1">{}{}</p>'
        '<h3 class="h5 card-title"><a href="{}">{}</a></h3>'
        '<p class="mb-1">{}</p><p class="mb-1">{} · {}</p>{}</div></article>',
        KINDS.get(facts.kind, facts.kind),
        audience,
        reverse("events:detail", kwargs={"slug": facts.slug}),
        facts.title,
        event_when(facts),
        _place(facts),
        LANGUAGES.get(facts.language, facts.language),
        status,
    )
