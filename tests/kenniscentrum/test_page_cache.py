"""The whole-page cache for anonymous visitors: fast, and never showing stale content.

The tests run with the cache off (see `PAGE_CACHE_SECONDS` in settings); these turn it on.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from events import services
from kenniscentrum import pagecache
from kenniscentrum.models import ContactMessage, ContactSubject
from members.models import BINRole
from tests.factories import (
    ArticleFactory,
    BINFactory,
    BINRoleFactory,
    CourseFactory,
    EventFactory,
    PageFactory,
    UserFactory,
    course_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def cached(client, url, **kwargs):
    """GET `url` twice; the second answer must come from the cache. Returns it."""
    client.get(url, **kwargs)
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    return response


def fresh(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    return response


# --- what is cached, for whom -----------------------------------------------------------------


def test_an_anonymous_visitor_gets_the_page_from_the_cache(client):
    first = client.get("/nl/agenda/")
    assert first["X-Page-Cache"] == "miss"
    second = client.get("/nl/agenda/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The middleware above the cache still runs: security headers are there.
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_a_cached_page_costs_one_query(client, django_assert_num_queries):
    client.get("/nl/agenda/")
    with django_assert_num_queries(1):  # the content version
        assert client.get("/nl/agenda/")["X-Page-Cache"] == "hit"


def test_each_address_and_language_has_its_own_entry(client):
    dutch = cached(client, "/nl/agenda/")
    french = client.get("/fr/agenda/")
    assert french["X-Page-Cache"] == "miss"
    assert french.content != dutch.content
    filtered = client.get("/nl/agenda/", {"kind": "study_day"})
    assert filtered["X-Page-Cache"] == "miss"


def test_logged_in_people_never_get_a_cached_page(client, citizen):
    cached(client, "/nl/agenda/")
    client.force_login(citizen)
    response = client.get("/nl/agenda/")
    assert "X-Page-Cache" not in response
    assert "Bert" in response.content.decode()  # the header greets the person
    # ...and their pages are not stored for anyone else either.
    client.logout()
    assert "Bert" not in client.get("/nl/agenda/").content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page_with_it(client):
    event = EventFactory(capacity=10)
    cached(client, event.get_absolute_url())
    response = client.post(
        f"{event.get_absolute_url()}inschrijven/",
        {"name": "Vera Bezoeker", "email": "vera@example.org"},
        follow=True,
    )
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    assert "Bijna klaar" in response.content.decode()


def test_pages_outside_the_list_are_not_cached(client):
    client.get("/nl/contact/")
    assert "X-Page-Cache" not in client.get("/nl/contact/")


def test_the_cached_form_carries_the_visitors_own_csrf_token(client):
    """A page with a form is stored without the token; each visitor gets one matching their
    cookie, so registering from a cached page works."""
    from django.test import Client

    event = EventFactory(capacity=10)
    client.get(event.get_absolute_url())  # stored by someone else
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(event.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    content = page.content.decode()
    assert pagecache.CSRF_PLACEHOLDER.decode() not in content
    token = content.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = visitor.post(
        f"{event.get_absolute_url()}inschrijven/",
        {"csrfmiddlewaretoken": token, "name": "Vera Bezoeker", "email": "vera@example.org"},
    )
    assert response.status_code == 302
    assert event.registrations.filter(email="vera@example.org").exists()


# --- a change shows at once -------------------------------------------------------------------


def test_editing_a_bin_description_shows_at_once(client):
    bin_ = BINFactory(description="<p>Oude beschrijving.</p>")
    cached(client, bin_.get_absolute_url())
    bin_.description = "<p>Nieuwe beschrijving van de buurt.</p>"
    bin_.save()
    assert (
        "Nieuwe beschrijving van de buurt."
        in fresh(client, bin_.get_absolute_url()).content.decode()
    )


def test_a_new_bin_shows_in_the_directory_at_once(client):
    BINFactory(name="BIN Eerste Wijk")
    cached(client, "/nl/bin/")
    BINFactory(name="BIN Tweede Wijk")
    assert "BIN Tweede Wijk" in fresh(client, "/nl/bin/").content.decode()


def test_saving_a_page_shows_at_once(client):
    page = PageFactory(slug="lid-worden", body_nl="<p>Eerste versie.</p>")
    cached(client, "/nl/p/lid-worden/")
    page.body_nl = "<p>Tweede versie van de tekst.</p>"
    page.save()
    assert "Tweede versie van de tekst." in fresh(client, "/nl/p/lid-worden/").content.decode()


def test_cancelling_an_event_shows_at_once(client):
    event = EventFactory()
    cached(client, event.get_absolute_url())
    cached(client, "/nl/agenda/")
    services.announce_change(event, cancelled=True)
    assert (
        "Deze activiteit is geannuleerd."
        in fresh(client, event.get_absolute_url()).content.decode()
    )
    assert "Geannuleerd" in fresh(client, "/nl/agenda/").content.decode()


def test_a_cancelled_registration_frees_a_seat_at_once(client):
    event = EventFactory(capacity=2)
    registration, _ = services.register(event, user=UserFactory(), notify=False)
    services.register(event, user=UserFactory(), notify=False)
    assert "Volzet" in cached(client, event.get_absolute_url()).content.decode()
    assert "Volzet" in cached(client, "/nl/agenda/").content.decode()
    services.cancel(registration, notify=False)
    assert "Nog 1 plaats vrij" in fresh(client, event.get_absolute_url()).content.decode()
    assert "Nog 1 plaats vrij" in fresh(client, "/nl/agenda/").content.decode()


def test_publishing_an_article_shows_it_at_once(client):
    article = ArticleFactory(title="Nieuwe buurtwerking in Gent", status="draft", published_at=None)
    assert "Nieuwe buurtwerking" not in cached(client, "/nl/kennisbank/?kind=news").content.decode()
    article.publish()
    assert "Nieuwe buurtwerking" in fresh(client, "/nl/kennisbank/?kind=news").content.decode()
    assert "Nieuwe buurtwerking" in fresh(client, "/nl/").content.decode()


def test_editing_an_article_shows_at_once(client):
    article = ArticleFactory(title="Eerste titel")
    cached(client, article.get_absolute_url())
    article.title = "Verbeterde titel"
    article.save()
    assert "Verbeterde titel" in fresh(client, article.get_absolute_url()).content.decode()


def test_a_scheduled_article_appears_on_cached_pages_on_time(client, monkeypatch):
    # Within PAGE_CACHE_SECONDS: only the publication time can end the entry this early.
    due = timezone.now() + timedelta(minutes=5)
    ArticleFactory(title="Aangekondigde studiedag", published_at=due)
    assert (
        "Aangekondigde studiedag"
        not in cached(client, "/nl/kennisbank/?kind=news").content.decode()
    )
    later = due + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert "Aangekondigde studiedag" in fresh(client, "/nl/kennisbank/?kind=news").content.decode()


def test_a_new_course_session_shows_on_the_course_page_at_once(client):
    course = CourseFactory()
    cached(client, course.get_absolute_url())
    course_session(course, venue_name="Zaal Nieuwe Sessie")
    assert "Zaal Nieuwe Sessie" in fresh(client, course.get_absolute_url()).content.decode()


def test_changes_made_by_another_process_show_at_once(client, transactional_db):
    """Each web process has its own local-memory cache, but all read the one content version
    in PostgreSQL: an edit saved by another process makes this process's entries out of date."""
    bin_ = BINFactory(description="<p>Voor de wijziging.</p>")
    cached(client, bin_.get_absolute_url())
    # The same server as this test, the test database.
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres:///kenniscentrum"))
    url = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    script = (
        f"from members.models import BIN; b = BIN.objects.get(pk={bin_.pk}); "
        "b.description = '<p>Gewijzigd door een ander proces.</p>'; b.save()"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "1", "PAGE_CACHE_SECONDS": "600"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Gewijzigd door een ander proces."
        in fresh(client, bin_.get_absolute_url()).content.decode()
    )


# --- content that changes with time -----------------------------------------------------------


def test_an_entry_expires_when_a_registration_window_opens(client, monkeypatch):
    opens = timezone.now() + timedelta(minutes=5)
    event = EventFactory(registration_opens_at=opens)
    assert "De inschrijving opent op" in cached(client, event.get_absolute_url()).content.decode()
    assert pagecache.next_scheduled_change(timezone.now()) == opens
    later = opens.timestamp() + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(event.get_absolute_url()).get("X-Page-Cache") != "hit"


def test_entries_last_at_most_until_midnight_without_events(client):
    midnight = pagecache.next_scheduled_change(timezone.now())
    local = timezone.localtime(midnight)
    assert (local.hour, local.minute) == (0, 0)
    assert midnight > timezone.now()


# --- what does not make pages out of date -----------------------------------------------------


def test_a_login_or_a_contact_message_leaves_the_cache_alone(client, citizen, password):
    version = pagecache.content_version()
    client.login(email=citizen.email, password=password)
    subject = ContactSubject.objects.create(
        label_nl="Vraag", label_fr="Question", recipient="a@x.be"
    )
    after_subject = pagecache.content_version()
    assert after_subject > version  # contact subjects show on the contact form
    ContactMessage.objects.create(
        subject=subject, name="Vera", email="vera@example.org", message="Hallo", language="nl"
    )
    assert pagecache.content_version() == after_subject


def test_roles_are_content(client):
    bin_ = BINFactory()
    version = pagecache.content_version()
    BINRoleFactory(bin=bin_, role=BINRole.Role.COORDINATOR)
    assert pagecache.content_version() > version


# --- personal pages -------------------------------------------------------------------------

MIJN_BIN = "/nl/mijn/bin/bin-gent-sint-pieters/"


def test_a_persons_mijn_bin_page_is_cached_for_that_person_only(
    client, coordinator_a, police_officer, coordinator_b
):
    client.force_login(coordinator_a)
    assert "Ann" in cached(client, MIJN_BIN).content.decode()
    client.force_login(police_officer)  # the BIN's other manager: their own page
    response = client.get(MIJN_BIN)
    assert response["X-Page-Cache"] == "miss"
    assert "Ines" in response.content.decode().split("</header>")[0]
    client.force_login(coordinator_b)  # a manager of another BIN: still a 404
    assert client.get(MIJN_BIN).status_code == 404
    client.logout()
    assert client.get(MIJN_BIN).status_code == 302  # to the login page
    client.get("/nl/mijn/bin/")
    assert "X-Page-Cache" not in client.get(MIJN_BIN)


def test_a_change_through_mijn_bin_shows_at_once_with_its_message(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    today = timezone.localdate().isoformat()
    response = client.post(
        f"{MIJN_BIN}ledental/", {"member_count": "321", "member_count_on": today}, follow=True
    )
    assert "Het aantal leden is bijgewerkt." in response.content.decode()
    assert "321" in response.content.decode()
    assert response.get("X-Page-Cache") != "hit"
    assert "321" in cached(client, MIJN_BIN).content.decode()


def test_an_ended_role_closes_the_cached_page_at_once(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    role = BINRole.objects.get(user=coordinator_a, bin=bin_a)
    role.end = timezone.localdate() - timedelta(days=1)
    role.start = role.end - timedelta(days=30)
    role.save()
    assert client.get(MIJN_BIN).status_code == 404


def test_a_new_team_member_shows_at_once(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    BINRoleFactory(
        bin=bin_a, role=BINRole.Role.CO_COORDINATOR, user=UserFactory(full_name="Nieuwe Collega")
    )
    assert "Nieuwe Collega" in fresh(client, MIJN_BIN).content.decode()
