"""The calendar's and the courses' part of the site-wide pages: upcoming events and training
sessions on the home page, events and courses in search and the sitemap, a person's registrations
and certificates on the dashboard and in their data, and what happens to them when they leave."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import emails as event_emails
from events import services as event_services
from events.models import Event, Registration
from kenniscentrum.lib.sections import Figure, Group, Item, Section, SiteSitemap
from kenniscentrum.models import current_language
from training.models import Certificate, Course, CourseInterest

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


def upcoming_public_events():
    return (
        Event.objects.published()
        .public()
        .upcoming()
        .select_related("municipality")
        .order_by("starts_at", "pk")
    )


# --- events ---------------------------------------------------------------------------------


def events_home(request):
    events = upcoming_public_events().exclude(kind=Event.Kind.TRAINING_SESSION)[:HOME_ITEMS]
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
    registrations = (
        registrations_of(request.user)
        .filter(status__in=OPEN_STATUSES, event__ends_at__gte=timezone.now())
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
            transaction.on_commit(lambda p=person: event_emails.send_promoted(p))
    registrations_of(user).filter(anonymised_at__isnull=True).update(
        name="", email="", user=None, anonymised_at=timezone.now()
    )


EVENTS = Section(
    name="events",
    home=events_home,
    search=events_search,
    sitemaps={"events": EventSitemap},
    dashboard=events_dashboard,
    export=events_export,
    on_account_deletion=events_on_account_deletion,
)


# --- training -------------------------------------------------------------------------------


def training_home(request):
    sessions = (
        upcoming_public_events()
        .filter(kind=Event.Kind.TRAINING_SESSION)
        .select_related("course_session__course")[:HOME_ITEMS]
    )
    return [
        Group(
            key="trainings",
            title=_("Komende opleidingen"),
            items=[
                event_item(s, meta=s.municipality.name if s.municipality else _("online"))
                for s in sessions
            ],
            order=30,
            more_url=reverse("training:course_list"),
            more_label=_("Alle opleidingen"),
        )
    ]


def training_figures():
    held = Event.objects.published().past().filter(kind=Event.Kind.TRAINING_SESSION).count()
    return [Figure(key="trainings", label=_("opleidingen gegeven"), value=held, order=30)]


def training_search(request, query, limit):
    matches = Q(title_nl__icontains=query) | Q(title_fr__icontains=query)
    matches |= Q(summary_nl__icontains=query) | Q(summary_fr__icontains=query)
    title = "title_fr" if current_language() == "fr" else "title_nl"
    courses = Course.objects.published().filter(matches).order_by(title, "pk")[:limit]
    french = current_language() == "fr"
    items = [
        Item(
            title=c.title,
            url=c.get_absolute_url(),
            summary=(c.summary_fr or c.summary_nl) if french else (c.summary_nl or c.summary_fr),
            meta=c.get_target_group_display(),
            language=written_in(c),
        )
        for c in courses
    ]
    return [
        Group(
            key="courses",
            title=_("Opleidingen"),
            items=items,
            order=40,
            more_url=reverse("training:course_list"),
            more_label=_("Alle opleidingen"),
        )
    ]


class CourseSitemap(SiteSitemap):
    def items(self):
        return Course.objects.published().order_by("pk")

    def lastmod(self, course):
        return course.updated_at


def certificates_of(user):
    return Certificate.objects.filter(
        registration__in=registrations_of(user).values("pk")
    ).order_by("-session_date")


def interests_of(user):
    return CourseInterest.objects.filter(user.verified_email_condition())


def training_dashboard(request):
    certificates = certificates_of(request.user)
    return [
        Group(
            key="certificates",
            title=_("Mijn getuigschriften"),
            items=[
                Item(
                    title=c.course_title,
                    url=c.get_pdf_url(),
                    date=c.session_date,
                    meta=_("verificatiecode %(code)s") % {"code": c.code},
                )
                for c in certificates
            ],
            order=30,
            empty_text=_("U hebt nog geen getuigschrift."),
        )
    ]


def training_export(user):
    interests = interests_of(user)
    return {
        "certificates": [
            {
                "code": c.code,
                "course": c.course_title,
                "participant_name": c.participant_name,
                "session_date": c.session_date,
                "trainer": c.trainer,
                "issued_at": c.issued_at,
            }
            for c in certificates_of(user)
        ],
        "course_interests": [
            {"course": i.course.title_nl, "email": i.email, "since": i.created_at}
            for i in interests.select_related("course")
        ],
    }


def training_on_account_deletion(user):
    # A certificate carries the person's name: it goes with the account (the export holds it).
    # Runs before the events hook, which unlinks the registrations these are found through.
    certificates_of(user).delete()
    interests_of(user).delete()


TRAINING = Section(
    name="training",
    home=training_home,
    figures=training_figures,
    search=training_search,
    sitemaps={"courses": CourseSitemap},
    dashboard=training_dashboard,
    export=training_export,
    on_account_deletion=training_on_account_deletion,
)
