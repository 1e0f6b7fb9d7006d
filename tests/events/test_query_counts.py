"""Each page makes the same number of queries whatever the number of events (10 or 1,000)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event
from members.models import Municipality
from tests.factories import CourseFactory, UserFactory
from training.models import CourseSession

pytestmark = pytest.mark.django_db

SIZES = [10, 1000]


def make_events(count, course=None):
    """`count` published events spread over municipalities, made in bulk."""
    municipalities = list(Municipality.objects.order_by("nis_code")[:50])
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    events = Event.objects.bulk_create(
        Event(
            kind="training_session" if course else "study_day",
            title_nl=f"Activiteit {i}",
            slug=f"activiteit-{i}",
            starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i + 2),
            venue_name="Zaal",
            address="Straat 1",
            municipality=municipalities[i % len(municipalities)],
            status="published",
            capacity=20,
        )
        for i in range(count)
    )
    if course:
        CourseSession.objects.bulk_create(
            CourseSession(event=e, course=course, trainer="Lesgever") for e in events
        )
    return events


# Calendar, anonymous: count for the paginator, one page of events with their seat counters,
# municipality and province (one join), and the provinces of the filter (also when filtering).
CALENDAR_QUERIES = 3 + 1  # + the menus of the header and footer


@pytest.mark.parametrize("size", SIZES)
def test_calendar_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_events(size)
    with django_assert_num_queries(CALENDAR_QUERIES):
        response = client.get("/nl/agenda/", {"kind": "study_day", "province": "antwerpen"})
    assert response.status_code == 200


# Logged in adds the session and the user; the event page: the event with its seat counters,
# place and course link (one query), the person's registration, the waiting-list position.
EVENT_PAGE_QUERIES = 4 + 1  # + the menus


@pytest.mark.parametrize("size", SIZES)
def test_event_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    events = make_events(size)
    event = events[0]
    user = UserFactory()
    for _ in range(3):
        services.register(event, user=UserFactory(), notify=False)
    client.force_login(user)
    with django_assert_num_queries(EVENT_PAGE_QUERIES):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


# Course page: course, modules, materials, the next sessions with counters, the "notify me" check
# (anonymous: none), and the session + user for a logged-in person.
COURSE_PAGE_QUERIES = 4 + 1  # + the menus


@pytest.mark.parametrize("size", SIZES)
def test_course_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    course = CourseFactory()
    course.modules.create(order=1, title_nl="Module")
    make_events(size, course=course)
    with django_assert_num_queries(COURSE_PAGE_QUERIES):
        response = client.get(course.get_absolute_url())
    assert response.status_code == 200


COURSE_LIST_QUERIES = 2 + 1  # + the menus


@pytest.mark.parametrize("size", [10, 300])
def test_course_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    for i in range(size // 10):
        make_events(10, course=CourseFactory()) if i == 0 else CourseFactory()
    with django_assert_num_queries(COURSE_LIST_QUERIES):
        response = client.get("/nl/opleidingen/")
    assert response.status_code == 200


def test_next_public_events_come_in_one_query_with_their_seats(django_assert_num_queries):
    events = make_events(10)
    services.register(events[0], user=UserFactory(), notify=False)
    Event.objects.filter(pk=events[1].pk).update(audience="members")
    Event.objects.filter(pk=events[2].pk).update(status="draft")
    with django_assert_num_queries(1):
        shown = [
            (event.title, event.seats_left(), event.municipality.province.name)
            for event in Event.objects.upcoming_public()[:3]
        ]
    assert [(title, seats) for title, seats, _ in shown] == [
        ("Activiteit 0", 19),
        ("Activiteit 3", 20),
        ("Activiteit 4", 20),
    ]
