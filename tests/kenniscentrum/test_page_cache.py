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
    with django_assert_num_queries(1):  # the versions of the tables the page read
        assert client.get("/nl/agenda/")["X-Page-Cache"] == "hit"


def test_a_page_out_of_date_costs_one_versions_query_more_than_no_cache(client, settings):
    from django.test.utils import CaptureQueriesContext

    """(A change to what the next scheduled change is read from, such as the events, costs the
    queries that find it again.)"""
    bin_ = BINFactory(description="<p>Oud.</p>")
    cached(client, bin_.get_absolute_url())
    bin_.description = "<p>Nieuw.</p>"
    bin_.save()
    with CaptureQueriesContext(connection) as out_of_date:
        assert client.get(bin_.get_absolute_url())["X-Page-Cache"] == "miss"
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as uncached:
        client.get(bin_.get_absolute_url())
    assert len(out_of_date) == len(uncached) + 1


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


def test_the_token_placeholder_in_content_never_becomes_a_visitors_token(client):
    """Only the form's hidden field gets the visitor's token: a link in the text with the
    placeholder's text stays as written, on a hit as on a miss (here on a page with a form)."""
    placeholder = pagecache.CSRF_PLACEHOLDER.decode()
    event = EventFactory(
        capacity=10,
        description_nl=f'<p><a href="https://evil.example/?t={placeholder}">meer</a></p>',
    )
    miss = client.get(event.get_absolute_url())
    hit = client.get(event.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert 'name="csrfmiddlewaretoken"' in hit.content.decode()  # the form is there
    assert f"https://evil.example/?t={placeholder}" in hit.content.decode()
    assert _same_page(hit.content, miss.content)


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


def in_another_process(script):
    """Run `script` in a separate Django process on the test database (as another web process
    or a worker would)."""
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres:///kenniscentrum"))
    url = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "1", "PAGE_CACHE_SECONDS": "600"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_changes_made_by_another_process_show_at_once(client, transactional_db):
    """Each web process has its own local-memory cache, but all read the same table versions
    in PostgreSQL: an edit saved by another process makes this process's entries out of date,
    whether saved or bulk-updated, in what the page is about or in its menus."""
    bin_ = BINFactory(description="<p>Voor de wijziging.</p>")
    page = PageFactory(slug="onze-werking", title_nl="Onze werking", menu="about")
    cached(client, bin_.get_absolute_url())
    in_another_process(
        f"from members.models import BIN; b = BIN.objects.get(pk={bin_.pk}); "
        "b.description = '<p>Gewijzigd door een ander proces.</p>'; b.save()"
    )
    html = fresh(client, bin_.get_absolute_url()).content.decode()
    assert "Gewijzigd door een ander proces." in html
    assert "Onze werking" in cached(client, bin_.get_absolute_url()).content.decode()
    in_another_process(
        "from kenniscentrum.models import Page; "
        f"Page.objects.filter(pk={page.pk}).update(title_nl='Hoe wij werken')"
    )
    assert "Hoe wij werken" in fresh(client, bin_.get_absolute_url()).content.decode()


def test_a_broken_database_connection_is_opened_again_for_a_cached_page(client, transactional_db):
    """Reading the versions is the request's health check: a connection the database dropped
    (a restart, a proxy's idle timeout) is opened again instead of failing the page."""
    cached(client, "/nl/agenda/")
    connection.connection.close()  # beneath Django, as a server that went away would
    assert client.get("/nl/agenda/")["X-Page-Cache"] == "hit"


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
    subject = ContactSubject.objects.create(
        label_nl="Vraag", label_fr="Question", recipient="a@x.be"
    )
    watched = ["members_user", "kenniscentrum_contactmessage"]
    before = pagecache.versions_of(watched, pagecache.versions())
    client.login(email=citizen.email, password=password)
    ContactMessage.objects.create(
        subject=subject, name="Vera", email="vera@example.org", message="Hallo", language="nl"
    )
    assert pagecache.versions_of(watched, pagecache.versions()) == before


def test_roles_are_content(client):
    bin_ = BINFactory()
    before = pagecache.versions().get("members_binrole")
    BINRoleFactory(bin=bin_, role=BINRole.Role.COORDINATOR)
    assert pagecache.versions().get("members_binrole") != before


# --- each change refreshes the pages that show it, and only those ------------------------------


def hits(client, urls):
    """The addresses among `urls` answered from the cache."""
    return {url for url in urls if client.get(url).get("X-Page-Cache") == "hit"}


def test_a_registration_refreshes_the_event_and_the_lists_of_events_only(client):
    event = EventFactory(capacity=3)
    article = ArticleFactory(title="Inbraakpreventie")
    bin_ = BINFactory()
    # The event's page and the calendar show the free seats; a BIN's page lists its events.
    events = [event.get_absolute_url(), "/nl/agenda/", bin_.get_absolute_url()]
    others = ["/nl/kennisbank/", article.get_absolute_url(), "/nl/bin/"]
    for url in events + others:
        cached(client, url)
    services.register(event, user=UserFactory(), notify=False)
    assert hits(client, events + others) == set(others)
    assert "Nog 2 plaatsen vrij" in client.get(event.get_absolute_url()).content.decode()


def test_an_article_refreshes_the_knowledge_base_and_the_home_page_only(client):
    article = ArticleFactory(title="Eerste titel")
    event = EventFactory()
    knowledge = ["/nl/kennisbank/", article.get_absolute_url(), "/nl/"]
    others = ["/nl/agenda/", event.get_absolute_url(), "/nl/bin/"]
    for url in knowledge + others:
        cached(client, url)
    article.title = "Verbeterde titel"
    article.save()
    assert hits(client, knowledge + others) == set(others)
    assert "Verbeterde titel" in client.get("/nl/kennisbank/").content.decode()


def test_a_bin_refreshes_the_directory_and_its_page_not_the_knowledge_base(client):
    bin_ = BINFactory(description="<p>Oud.</p>")
    ArticleFactory()
    # (An article's page joins the BIN of a good practice: it depends on the BINs too.)
    directory = ["/nl/bin/", bin_.get_absolute_url()]
    others = ["/nl/kennisbank/", CourseFactory().get_absolute_url()]
    for url in directory + others:
        cached(client, url)
    bin_.description = "<p>Nieuw.</p>"
    bin_.save()
    assert hits(client, directory + others) == set(others)


def test_a_registration_still_to_confirm_leaves_the_event_pages_alone(client):
    """A visitor's registration takes no seat until the address is confirmed: nothing a page
    shows changes, so no write to the events (an UPDATE that changes no row counts for nothing)."""
    event = EventFactory(capacity=3)
    cached(client, event.get_absolute_url())
    cached(client, "/nl/agenda/")
    registration, _ = services.register(event, name="Vera", email="vera@example.org", notify=False)
    assert registration.status == registration.Status.PENDING
    assert hits(client, [event.get_absolute_url(), "/nl/agenda/"]) == {
        event.get_absolute_url(),
        "/nl/agenda/",
    }
    services.confirm_address(registration.pk, notify=False)
    assert "Nog 2 plaatsen vrij" in fresh(client, event.get_absolute_url()).content.decode()


def test_a_bulk_update_without_signals_still_refreshes(client):
    article = ArticleFactory(title="Eerste titel")
    cached(client, article.get_absolute_url())
    type(article).objects.filter(pk=article.pk).update(title="Titel in bulk gewijzigd")
    assert "Titel in bulk gewijzigd" in fresh(client, article.get_absolute_url()).content.decode()


def test_a_new_page_in_the_menu_refreshes_every_page_that_shows_the_menu(client):
    """The menus come from a cache of their own, not from SQL: pages still depend on them."""
    cached(client, "/nl/agenda/")
    cached(client, "/nl/kennisbank/")
    PageFactory(slug="onze-werking", title_nl="Onze werking", menu="about")
    assert "Onze werking" in fresh(client, "/nl/agenda/").content.decode()
    assert "Onze werking" in fresh(client, "/nl/kennisbank/").content.decode()


def _same_page(served, rendered):
    """Pages equal but for what differs per request (CSRF token, CSP nonce)."""
    import re

    def strip(content):
        content = re.sub(rb'value="[A-Za-z0-9]{32,}"', b'value=""', content)
        return re.sub(rb'nonce="[^"]*"', b'nonce=""', content)

    return strip(served) == strip(rendered)


def test_random_changes_never_leave_a_page_stale(client, settings):
    """Property: after any sequence of changes, every cached page is what the site renders now."""
    import random

    rng = random.Random(15)
    bins = [BINFactory(description=f"<p>Beschrijving {n}.</p>") for n in range(2)]
    events = [EventFactory(capacity=2) for _ in range(2)]
    articles = [ArticleFactory(title=f"Artikel {n}") for n in range(2)]
    page = PageFactory(slug="lid-worden", menu="footer")
    urls = ["/nl/", "/nl/agenda/", "/nl/kennisbank/", "/nl/bin/", "/nl/p/lid-worden/"] + [
        item.get_absolute_url() for item in bins + events + articles
    ]
    registrations = []

    def register():
        registration, _ = services.register(rng.choice(events), user=UserFactory(), notify=False)
        registrations.append(registration)

    def cancel():
        if registrations:
            services.cancel(registrations.pop(rng.randrange(len(registrations))), notify=False)

    def edit(items, field):
        def change():
            item = rng.choice(items)
            setattr(item, field, f"<p>Versie {rng.randrange(10**6)}</p>")
            item.save()

        return change

    def retitle_page():
        page.title_nl = f"Lid worden {rng.randrange(1000)}"
        page.save()

    changes = [register, cancel, edit(bins, "description"), edit(articles, "title"),
               edit(events, "description"), retitle_page]  # fmt: skip
    for step in range(30):
        rng.choice(changes)()
        for url in rng.sample(urls, 4):
            served = client.get(url)
            settings.PAGE_CACHE_SECONDS = 0
            rendered = client.get(url)
            settings.PAGE_CACHE_SECONDS = 600
            assert _same_page(served.content, rendered.content), (step, url)
    assert hits(client, urls), "the property must be checked on cached pages too"


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


def test_personal_pages_are_private_and_every_hit_varies_on_the_cookie(client, coordinator_a):
    assert "Cookie" in cached(client, "/nl/agenda/")["Vary"]
    client.force_login(coordinator_a)
    miss = client.get(MIJN_BIN)
    hit = client.get(MIJN_BIN)
    for response in (miss, hit):
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_a_new_release_never_serves_pages_of_the_old_code(client, monkeypatch):
    from kenniscentrum.pagecache import middleware

    cached(client, "/nl/agenda/")
    monkeypatch.setattr(middleware, "release", lambda: "another-release")
    assert client.get("/nl/agenda/")["X-Page-Cache"] == "miss"


def test_a_cached_personal_page_costs_no_account_query(
    client, coordinator_a, django_assert_num_queries
):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    with django_assert_num_queries(2):  # the session (in the database here) and the versions
        assert client.get(MIJN_BIN)["X-Page-Cache"] == "hit"


def test_a_new_password_logs_other_sessions_out_of_cached_pages(client, coordinator_a):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    coordinator_a.set_password("een-heel-nieuw-wachtwoord")
    coordinator_a.save()
    response = client.get(MIJN_BIN)
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_deactivated_account_gets_no_cached_page(client, coordinator_a):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    coordinator_a.is_active = False
    coordinator_a.save(update_fields=["is_active"])
    assert client.get(MIJN_BIN).status_code == 302


def test_a_new_secret_key_makes_personal_entries_unreachable(client, coordinator_a, settings):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    settings.SECRET_KEY = "een-andere-geheime-sleutel-" + "x" * 30
    assert client.get(MIJN_BIN).get("X-Page-Cache") != "hit"


def test_a_new_team_member_shows_at_once(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    cached(client, MIJN_BIN)
    BINRoleFactory(
        bin=bin_a, role=BINRole.Role.CO_COORDINATOR, user=UserFactory(full_name="Nieuwe Collega")
    )
    assert "Nieuwe Collega" in fresh(client, MIJN_BIN).content.decode()


# --- writers in parallel --------------------------------------------------------------------


def test_writers_of_the_same_tables_in_opposite_order_never_deadlock(transactional_db, settings):
    """Versions move in one statement at commit, rows in sorted order: two transactions that
    write a BIN and an article in opposite order both commit, and both tables move on twice."""
    import threading

    from django.db import connections, transaction

    from knowledgebase.models import Article
    from members.models import BIN

    settings.PAGE_CACHE_SECONDS = 600
    bins = [BINFactory(), BINFactory()]
    articles = [ArticleFactory(), ArticleFactory()]
    watched = ["members_bin", "knowledgebase_article"]
    before = pagecache.versions_of(watched, pagecache.versions())
    both_wrote = threading.Barrier(2, timeout=10)
    errors = []

    def write(first, second):
        try:
            with transaction.atomic():
                first()
                second()
                both_wrote.wait()  # both transactions hold their writes before either commits
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    def touch_bin(n):
        return lambda: BIN.objects.filter(pk=bins[n].pk).update(name=f"BIN {n} gewijzigd")

    def touch_article(n):
        return lambda: Article.objects.filter(pk=articles[n].pk).update(title=f"Artikel {n}")

    threads = [
        threading.Thread(target=write, args=(touch_bin(0), touch_article(0))),
        threading.Thread(target=write, args=(touch_article(1), touch_bin(1))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    after = pagecache.versions_of(watched, pagecache.versions())
    assert {table: after[table] - before[table] for table in after} == {
        "members_bin": 1 + 1,
        "knowledgebase_article": 1 + 1,
    }
