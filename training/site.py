"""The courses' part of the site-wide features: upcoming training sessions on the home page,
the number of trainings held, courses in search and the sitemap, a person's certificates on the
dashboard and in their data, what happens to them when they leave, the course pages in the page
cache, the editors' and the board's permissions in the admin, and the course page the load tests
measure."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.site import HOME_ITEMS, event_item, registrations_of, upcoming_items, written_in
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.registry import BOARD, EDITORS, register
from kenniscentrum.lib.sections import Figure, Group, Item, Section, SiteSitemap
from training.models import Certificate, Course, CourseInterest


def training_home(request):
    sessions = upcoming_items().filter(kind=Event.Kind.TRAINING_SESSION)[:HOME_ITEMS]
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


# Editors publish courses and follow the interest in them; the board follows along.
GROUP_PERMISSIONS = {
    EDITORS: {
        *(
            f"training.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("course", "module", "material", "coursesession")
        ),
        "training.view_courseinterest",
        "training.delete_courseinterest",
        "training.view_certificate",
    },
    BOARD: {"training.view_course", "training.view_certificate"},
}


def sample_course():
    """A published course with upcoming sessions."""
    return (
        Course.objects.published()
        .filter(sessions__event__starts_at__gt=timezone.now())
        .order_by("pk")
        .first()
    )


def benchmark_pages():
    course = sample_course()
    return [("course", course.get_absolute_url(), None)] if course is not None else []


register(
    Section(
        name="training",
        home=training_home,
        figures=training_figures,
        search=training_search,
        sitemaps={"courses": CourseSitemap},
        dashboard=training_dashboard,
        export=training_export,
        on_account_deletion=training_on_account_deletion,
        cached_pages=frozenset({"training:course_list", "training:course_detail"}),
        # Interest in a course is answered by e-mail, never shown.
        not_content=frozenset({"training.courseinterest"}),
        group_permissions=GROUP_PERMISSIONS,
        benchmark_pages=benchmark_pages,
    )
)
