"""Events and courses on the site-wide pages: home, search, sitemap, dashboard, personal data."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Registration
from tests.factories import CourseFactory, EventFactory, course_session
from training.models import Certificate, CourseInterest
from training.services import issue_certificate

pytestmark = pytest.mark.django_db


def past(days=30):
    return timezone.now() - timedelta(days=days)


def test_home_shows_upcoming_public_events_and_trainings(client):
    EventFactory(title_nl="Studiedag Preventie", slug="studiedag-preventie")
    EventFactory(title_nl="Voorbij", starts_at=past())
    EventFactory(title_nl="Ontwerp", status="draft")
    EventFactory(title_nl="Alleen leden", audience="members")
    course_session(CourseFactory(title_nl="Basisopleiding"), title_nl="Basisopleiding, sessie Gent")
    html = client.get("/nl/").content.decode()
    events = html[html.index('data-block="events"') :]
    assert 'href="/nl/agenda/studiedag-preventie/"' in events
    assert "Voorbij" not in html and "Ontwerp" not in html and "Alleen leden" not in html
    assert "Basisopleiding, sessie Gent" in html[html.index('data-block="trainings"') :]
    assert html.index('data-block="events"') < html.index('data-block="trainings"')


def test_without_events_their_blocks_hide(client):
    EventFactory(starts_at=past())
    html = client.get("/nl/").content.decode()
    assert 'data-block="events"' not in html and 'data-block="trainings"' not in html
    assert 'data-figure="trainings"' not in html


def test_key_figures_count_the_trainings_held(client):
    course = CourseFactory()
    course_session(course, starts_at=past(60))
    course_session(course, starts_at=past(10))
    course_session(course)  # still to come
    html = client.get("/nl/").content.decode()
    figure = html[html.index('data-figure="trainings"') :]
    assert '<span class="key-figure-value">2</span> opleidingen gegeven' in figure


def test_search_finds_events_and_courses_with_links_to_their_pages(client):
    EventFactory(title_nl="Netwerkmoment cameratoezicht", slug="netwerkmoment")
    CourseFactory(title_nl="Cameratoezicht voor coördinatoren", slug="camera")
    html = client.get("/nl/zoeken/", {"q": "cameratoezicht"}).content.decode()
    assert 'href="/nl/agenda/netwerkmoment/"' in html[html.index('data-block="events"') :]
    assert 'href="/nl/opleidingen/camera/"' in html[html.index('data-block="courses"') :]
    assert '<a href="/nl/opleidingen/">Alle opleidingen</a>' in html


def test_sitemap_lists_public_events_and_published_courses(client):
    EventFactory(slug="open-dag")
    EventFactory(slug="voor-leden", audience="members")
    CourseFactory(slug="basis")
    CourseFactory(slug="verborgen", is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/nl/agenda/open-dag/" in xml and "/fr/agenda/open-dag/" in xml
    assert "voor-leden" not in xml
    assert "/nl/opleidingen/basis/" in xml and "verborgen" not in xml


@pytest.fixture
def attended(citizen):
    """The citizen attended a past session of a course and holds its certificate."""
    session = course_session(CourseFactory(title_nl="BIN-basis"), starts_at=past(20))
    registration = Registration.objects.create(
        event=session.event,
        user=citizen,
        name="Bert Burger",
        email=citizen.email,
        status="attended",
        queue_number=1,
        confirmed_at=past(25),
    )
    return issue_certificate(registration, notify=False)


def test_dashboard_shows_registrations_and_certificates(client, login_as, citizen, attended):
    event = EventFactory(title_nl="Studiedag Leuven")
    services.register(event, user=citizen, notify=False)
    login_as("citizen")
    html = client.get("/nl/mijn/").content.decode()
    registrations = html[html.index('data-block="registrations"') :]
    assert "Studiedag Leuven" in registrations and "Bevestigd" in registrations
    certificates = html[html.index('data-block="certificates"') :]
    assert attended.code in certificates and attended.get_pdf_url() in certificates


def test_export_contains_registrations_and_certificates(client, login_as, citizen, attended):
    CourseInterest.objects.create(course=attended.course, email="BURGER@example.org")
    login_as("citizen")
    data = json.loads(client.get("/nl/mijn/gegevens/download/").content)
    (registration,) = data["events"]["registrations"]
    assert registration["status"] == "attended" and registration["email"] == "burger@example.org"
    (certificate,) = data["training"]["certificates"]
    assert certificate["code"] == attended.code
    assert data["training"]["course_interests"][0]["email"] == "BURGER@example.org"


def test_deleting_an_account_frees_seats_and_anonymises_registrations(
    client, citizen, password, attended, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    mine, _ = services.register(event, user=citizen, notify=False)
    waiting, _ = services.register(event, name="Wachtende", email="wacht@example.org", notify=False)
    services.confirm_address(waiting.pk, notify=False)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/mijn/gegevens/", {"password": password})

    mine.refresh_from_db()
    assert mine.status == "cancelled"
    assert (mine.name, mine.email, mine.user_id) == ("", "", None) and mine.anonymised_at
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert any(m.to == ["wacht@example.org"] for m in mail.outbox)
    assert not Certificate.objects.filter(pk=attended.pk).exists()
    assert not Registration.objects.filter(email__iexact="burger@example.org").exists()
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 2
