"""The pages `manage.py benchmark` measures: (label, path, logged in?).

Each app's representative pages are picked from the data present, so the benchmark runs on the
demo data and on the scale data alike. The logged-in page is the Mijn BIN page of the BIN whose
public page is measured, seen by `benchmark_user()`, one of its managers.
"""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event, Registration
from knowledgebase.models import Article
from members.models import BIN, BINRole, PostalCode
from training.models import Course


def sample_bin():
    """A public, active BIN with a current manager, in a place with several BINs."""
    managed = BINRole.objects.current().managing().filter(bin=OuterRef("pk"))
    return (
        BIN.objects.active()
        .filter(Exists(managed))
        .annotate(neighbours=Count("municipality__bins"))
        .order_by("-neighbours", "pk")
        .first()
    )


def benchmark_user():
    """The person whose Mijn BIN page is measured: a manager of `sample_bin()`."""
    bin_ = sample_bin()
    if bin_ is None:
        return None
    role = BINRole.objects.current().managing().filter(bin=bin_).order_by("pk").first()
    return role.user


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


def sample_course():
    """A published course with upcoming sessions."""
    return (
        Course.objects.published()
        .filter(sessions__event__starts_at__gt=timezone.now())
        .order_by("pk")
        .first()
    )


def sample_article():
    """The latest public Dutch article: the one a visitor reaches from the home page."""
    return (
        Article.objects.published()
        .filter(language="nl", audience=Article.Audience.PUBLIC)
        .order_by("-published_at", "-pk")
        .first()
    )


# A word of the knowledge base's themes, found in many articles.
SEARCH_WORD = "inbraak"


def benchmark_pages():
    with translation.override("nl"):
        pages = [("home", reverse("home"), False)]
        bin_ = sample_bin()
        if bin_ is not None:
            postcode = PostalCode.objects.filter(municipality=bin_.municipality_id).first()
            query = postcode.code if postcode else bin_.municipality.name_nl
            directory = f"{reverse('members:bin_list')}?q={query}"
            pages.append(("BIN directory ?q=postcode", directory, False))
            pages.append(("BIN page", bin_.get_absolute_url(), False))
        pages.append(
            ("knowledge base search", f"{reverse('knowledgebase:index')}?q={SEARCH_WORD}", False)
        )
        article = sample_article()
        if article is not None:
            pages.append(("article", article.get_absolute_url(), False))
        pages.append(("calendar", reverse("events:list"), False))
        event = sample_event()
        if event is not None:
            pages.append(("event", event.get_absolute_url(), False))
        course = sample_course()
        if course is not None:
            pages.append(("course", course.get_absolute_url(), False))
        if bin_ is not None:
            pages.append(
                ("Mijn BIN (logged in)", reverse("members:manage_bin", args=[bin_.slug]), True)
            )
    return pages
