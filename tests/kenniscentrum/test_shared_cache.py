"""The shared cache on a real redis-server (tests/services.py): shared between processes, sessions
read from it, and a site that keeps serving when it goes away."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.pagecache import versions
from tests.factories import BINFactory, EventFactory, PageFactory
from tests.services import free_port

pytestmark = pytest.mark.django_db


def run_with_cache_url(url, code):
    """Runs `code` with Django set up in a new process whose CACHE_URL is `url`; its output."""
    env = {**os.environ, "CACHE_URL": url, "DJANGO_SETTINGS_MODULE": "kenniscentrum.settings"}
    setup = "import django; django.setup(); from django.conf import settings; "
    setup += "from django.core.cache import cache; "
    result = subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_a_value_stored_through_cache_url_is_seen_by_another_process(redis_cache, redis_server):
    redis_cache.set("greeting", "hallo", timeout=60)
    assert run_with_cache_url(redis_server.url, "print(cache.get('greeting'))") == "hallo"
    run_with_cache_url(redis_server.url, "cache.set('answer', 'bonjour', timeout=60)")
    assert redis_cache.get("answer") == "bonjour"


def test_sessions_use_the_shared_cache_only_when_there_is_one(redis_server):
    engine = "print(settings.SESSION_ENGINE)"
    assert run_with_cache_url(redis_server.url, engine).endswith(".cached_db")
    assert run_with_cache_url("locmemcache://", engine).endswith(".db")


def test_pages_are_served_uncached_and_fast_while_redis_is_down(
    client, redis_cache, redis_server, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/nl/")
    assert client.get("/nl/")["X-Page-Cache"] == "hit"

    redis_server.stop()
    started = time.monotonic()
    response = client.get("/nl/")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    assert time.monotonic() - started < 2  # no timeouts piling up: the render itself
    assert client.get("/nl/kennisbank/").status_code == 200


def request_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_the_sites_form_limits_count_in_redis(redis_cache):
    one = request_from("192.0.2.1")
    assert [rate_limited(one, "contact", limit=2) for _ in range(3)] == [False, False, True]


def test_the_sites_form_limits_fail_open_while_redis_is_down(redis_cache, redis_server):
    redis_server.stop()
    one = request_from("192.0.2.1")
    assert [rate_limited(one, "contact", limit=2) for _ in range(4)] == [False] * 4
    assert not rate_limited(one, "newsletter", limit=1, target="someone@example.org")


def test_logins_fail_closed_while_redis_is_down(
    client, citizen, password, redis_cache, redis_server
):
    redis_server.stop()
    response = client.post("/nl/account/login/", {"login": citizen.email, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in response.content.decode()

    redis_server.start()
    response = client.post("/nl/account/login/", {"login": citizen.email, "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def session_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries if "django_session" in query["sql"]]


def test_a_logged_in_page_reads_the_session_from_redis(client, citizen, redis_cache, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(citizen)
    client.get("/nl/mijn/")
    assert session_queries(client, "/nl/mijn/") == []


def test_nobody_is_logged_out_while_redis_is_down(
    client, citizen, redis_cache, redis_server, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(citizen)
    redis_server.stop()
    # The session comes from PostgreSQL instead.
    assert session_queries(client, "/nl/mijn/") != []
    assert 'action="/nl/account/logout/"' in client.get("/nl/mijn/").content.decode()


# --- PostgreSQL down, Redis up ----------------------------------------------------------------


@pytest.fixture
def database_down(transactional_db):
    """Call it to make the site's database connection unreachable: pointed at a loopback port
    where nothing listens, as a stopped PostgreSQL is. The connection is restored afterwards."""
    saved = dict(connection.settings_dict)

    def take_down():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))

    yield take_down
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def test_cached_public_pages_are_served_marked_stale_while_postgresql_is_down(
    client, redis_cache, settings, database_down
):
    settings.PAGE_CACHE_SECONDS = 600
    bin_ = BINFactory(description="<p>Onze buurt.</p>")
    event = EventFactory(capacity=10)
    for url in ("/nl/", "/fr/", bin_.get_absolute_url(), event.get_absolute_url()):
        client.get(url)
    PageFactory()  # the versions move on after the pages were stored

    database_down()
    with pytest.raises(OperationalError):
        versions()  # truly unreachable
    client.raise_request_exception = False

    page = client.get(bin_.get_absolute_url())
    assert page.status_code == 200
    assert page["X-Page-Cache"] == "stale"
    assert "Onze buurt." in page.content.decode()
    assert "Deze pagina is misschien niet meer actueel" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    french = client.get("/fr/")
    assert french["X-Page-Cache"] == "stale"
    assert "Cette page n'est peut-être plus à jour" in french.content.decode()

    for url in (event.get_absolute_url(), "/nl/kennisbank/"):  # a form; not in the cache
        response = client.get(url)
        assert response.status_code == 503
        assert "Even geduld" in response.content.decode()


def test_a_logged_in_visitor_gets_the_maintenance_page_while_postgresql_is_down(
    client, citizen, redis_cache, settings, database_down
):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/nl/")
    client.force_login(citizen)
    database_down()
    client.raise_request_exception = False
    response = client.get("/nl/")
    assert response.status_code == 503
    assert "Even geduld" in response.content.decode()
