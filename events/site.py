"""The calendar's part of the site-wide features: upcoming events on the home page, events in
search and the sitemap, a person's registrations on the dashboard and in their data, what happens
to them when they leave, the calendar in the page cache (and the moments it changes by itself),
the editors' and the board's permissions in the admin, and the pages the load tests measure.

The training app builds its part on the helpers here (`event_item`, `registrations_of`…)."""

from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import emails as event_emails
from events import services as event_services
from events.models import Event, Registration
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.registry import BOARD, EDITORS, register
from kenniscentrum.lib.sections import Group, Item, Section, SiteSitemap

HOME_ITEMS = 3
OPEN_STATUSES = [
    Registration.Status.PENDING,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
]


def written_in(obj):
    """The language of `obj.title` when it is not the page's (a title in one language only)."""
    if current_language() == "fr" and not getattr(obj, "title_fr", "x"):
        return "nl"
    if current_language() == "nl" and not getattr(obj, "title_nl", "x"):
        return "fr"
    return ""


def event_item(event, meta=""):
    place = (
        _("online") if event.is_online else (event.municipality.name if event.municipality else "")
    )
    return Item(
        title=event.title,
        url=event.get_absolute_url(),
        summary=event.summary,
        date=timezone.localtime(event.starts_at),
        meta=meta or " · ".join(str(part) for part in [event.get_kind_display(), place] if part),
        language=written_in(event),
    )


def upcoming_items():
    """The next public events as the home page lists them: an item never shows the long
    descriptions, so they are not read."""
    return Event.objects.upcoming_public().defer("description_nl", "description_fr")


def events_home(request):
    events = upcoming_items().exclude(kind=Event.Kind.TRAINING_SESSION)[:HOME_ITEMS]
    return [
        Group(
            key="events",
            title=_("Binnenkort"),
            items=[event_item(e) for e in events],
            order=20,
            more_url=reverse("events:list"),
            more_label=_("Naar de agenda"),
        )
    ]


def events_search(request, query, limit):
    matches = Q(title_nl__icontains=query) | Q(title_fr__icontains=query)
    matches |= Q(summary_nl__icontains=query) | Q(summary_fr__icontains=query)
    events = (
        Event.objects.listed()
        .upcoming()
        .filter(matches)
        .select_related("municipality")
        .order_by("starts_at", "pk")[:limit]
    )
    return [
        Group(
            key="events",
            title=_("Agenda"),
            items=[event_item(e) for e in events],
            order=30,
            more_url=reverse("events:list"),
            more_label=_("Naar de agenda"),
        )
    ]


class EventSitemap(SiteSitemap):
    def items(self):
        return Event.objects.listed().public().order_by("pk")

    def lastmod(self, event):
        return event.updated_at


def registrations_of(user):
    return Registration.objects.of_person(user)


def events_dashboard(request):
    # The same registrations as the upcoming part of "Mijn inschrijvingen".
    registrations = (
        registrations_of(request.user)
        .active()
        .filter(event__ends_at__gte=timezone.now())
        .select_related("event__municipality")
        .order_by("event__starts_at")
    )
    return [
        Group(
            key="registrations",
            title=_("Mijn inschrijvingen"),
            items=[event_item(r.event, meta=r.get_status_display()) for r in registrations],
            order=20,
            more_url=reverse("events:my_registrations"),
            more_label=_("Al mijn inschrijvingen"),
            empty_text=_("U bent voor geen enkele komende activiteit ingeschreven."),
        )
    ]


def events_export(user):
    registrations = registrations_of(user).select_related("event").order_by("created_at")
    return {
        "registrations": [
            {
                "event": r.event.title_nl or r.event.title_fr,
                "starts_at": r.event.starts_at,
                "status": r.status,
                "name": r.name,
                "email": r.email,
                "language": r.language,
                "registered_at": r.created_at,
                "confirmed_at": r.confirmed_at,
                "cancelled_at": r.cancelled_at,
            }
            for r in registrations
        ]
    }


def events_on_account_deletion(user):
    """Free the person's seats in coming events (the waiting list moves up and is told), then
    keep every registration only as a count: no name, no address, no account."""
    coming = registrations_of(user).filter(
        status__in=OPEN_STATUSES, event__ends_at__gte=timezone.now()
    )
    for registration in coming.select_related("event"):
        _, promoted = event_services.cancel(registration, notify=False)
        for person in promoted:
            event_emails.send_promoted(person)
    registrations_of(user).filter(anonymised_at__isnull=True).update(
        name="", email="", user=None, anonymised_at=timezone.now()
    )


def scheduled_changes(now):
    """An event starting or ending, a registration window opening or closing: one query."""
    fields = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]
    found = Event.objects.listed().aggregate(
        **{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in fields}
    )
    return list(found.values())


# Editors publish events and manage registrations (attendance, participant lists, messages);
# the board follows along.
GROUP_PERMISSIONS = {
    EDITORS: {
        *(f"events.{action}_event" for action in ("add", "change", "delete", "view")),
        *(f"events.{action}_registration" for action in ("change", "delete", "view")),
    },
    BOARD: {"events.view_event", "events.view_registration"},
}


def sample_event():
    """An upcoming public event open for registration with people registered: the page a
    visitor lands on from the calendar."""
    now = timezone.now()
    return (
        Event.objects.published()
        .public()
        .filter(starts_at__gt=now, capacity__isnull=False)
        .exclude(registration_closes_at__lte=now)
        .filter(Exists(Registration.objects.filter(event=OuterRef("pk"))))
        .order_by("starts_at", "pk")
        .first()
    )


def benchmark_pages():
    pages = [("calendar", reverse("events:list"), None)]
    event = sample_event()
    if event is not None:
        pages.append(("event", event.get_absolute_url(), None))
    return pages


register(
    Section(
        name="events",
        home=events_home,
        search=events_search,
        sitemaps={"events": EventSitemap},
        dashboard=events_dashboard,
        export=events_export,
        on_account_deletion=events_on_account_deletion,
        cached_pages=frozenset({"events:list", "events:archive", "events:detail"}),
        scheduled_changes=scheduled_changes,
        group_permissions=GROUP_PERMISSIONS,
        benchmark_pages=benchmark_pages,
    )
)
