"""The client's address comes from the configured number of trusted proxies, never from a header
the client chose: for every rate limit, for the newsletter's consent records and for allauth."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.internal.httpkit import get_client_ip as allauth_client_ip
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from kenniscentrum.lib.client import client_address
from kenniscentrum.newsletter.models import NewsletterConsent
from tests.factories import EventFactory
from tests.kenniscentrum.test_settings import PRODUCTION, run_manage

PROXY = "10.0.0.1"  # the reverse proxy the site sees as REMOTE_ADDR
CLIENT = "203.0.113.7"  # what the proxy wrote: the real client


def request_with(forwarded=None, remote=PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize("forwarded", ["198.51.100.1", "198.51.100.1, 198.51.100.2", "not-an-ip"])
def test_without_trusted_proxies_the_header_is_ignored(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_with(forwarded)) == PROXY


def test_with_one_proxy_the_entry_it_wrote_counts_not_what_the_client_sent(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_with(f"198.51.100.1, {CLIENT}")) == CLIENT
    assert client_address(request_with(CLIENT)) == CLIENT


def test_with_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_with(f"198.51.100.1, {CLIENT}, 10.0.0.2")) == CLIENT


@pytest.mark.parametrize("forwarded", ["not-an-ip", "", f"{CLIENT}, not-an-ip", " , "])
def test_a_header_that_names_no_address_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_with(forwarded)) == PROXY


def test_fewer_entries_than_proxies_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_with(CLIENT)) == PROXY


@pytest.mark.parametrize(
    ("count", "forwarded"),
    [
        (0, f"198.51.100.1, {CLIENT}"),
        (1, CLIENT),
        (1, f"198.51.100.1, {CLIENT}"),
        (2, f"198.51.100.1, {CLIENT}, 10.0.0.2"),
    ],
)
def test_allauth_reads_the_same_address_as_the_site(settings, count, forwarded):
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    request = request_with(forwarded)
    assert (
        allauth_client_ip(request) == client_address(request) == (PROXY if count == 0 else CLIENT)
    )


def test_allauth_trusts_as_many_proxies_as_the_site():
    script = (
        "from django.conf import settings; "
        "print(settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    env = {**PRODUCTION, "TRUSTED_PROXY_COUNT": "2"}
    result = run_manage("shell", "-v", "0", "-c", script, env=env)
    assert result.stdout.split() == ["2", "2"], result.stderr
    result = run_manage("shell", "-v", "0", "-c", script, env=PRODUCTION)
    assert result.stdout.split() == ["0", "0"], result.stderr


# --- the limits ---------------------------------------------------------------------------------


def register(client, event, number, forwarded):
    return client.post(
        reverse("events:register", args=[event.slug]),
        {"name": "Bot", "email": f"bot{number}@example.org"},
        HTTP_X_FORWARDED_FOR=forwarded,
        REMOTE_ADDR=PROXY,
    )


@pytest.mark.django_db
def test_spoofed_header_does_not_escape_the_limit_without_proxies(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    event = EventFactory(capacity=None)
    answers = [register(client, event, n, f"198.51.100.{n}").status_code for n in range(30)]
    assert answers[:10] == [302] * 10
    assert set(answers[10:]) == {400}  # refused: one machine, whatever the header says
    assert event.registrations.count() == 10


@pytest.mark.django_db
def test_spoofed_header_does_not_escape_the_limit_behind_one_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    event = EventFactory(capacity=None)
    answers = [
        register(client, event, n, f"198.51.100.{n}, {CLIENT}").status_code for n in range(30)
    ]
    assert answers.count(302) == 10
    # Another client behind the same proxy still gets through.
    assert register(client, event, 99, "203.0.113.8").status_code == 302


@pytest.mark.django_db
def test_a_bad_header_is_no_server_error(client, settings):
    for count in (0, 1):
        settings.TRUSTED_PROXY_COUNT = count
        response = client.post(
            "/nl/nieuwsbrief/",
            {
                "email": f"lezer{count}@example.org",
                "language": "nl",
                "topics": ["news"],
                "consent": "on",
            },
            HTTP_X_FORWARDED_FOR="not-an-ip",
        )
        assert response.status_code == 302


# --- consent evidence ---------------------------------------------------------------------------


def subscribe_and_confirm(client, forwarded):
    data = {"email": "lezer@example.org", "language": "nl", "topics": ["news"], "consent": "on"}
    client.post("/nl/nieuwsbrief/", data, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=PROXY)
    link = next(w for w in mail.outbox[-1].body.split() if "/nieuwsbrief/bevestigen/" in w)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post(f"/{path}", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=PROXY)
    return list(NewsletterConsent.objects.order_by("at").values_list("action", "ip_address"))


@pytest.mark.django_db
def test_consent_records_the_connection_without_proxies(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert subscribe_and_confirm(client, "198.51.100.1") == [
        ("requested", PROXY),
        ("confirmed", PROXY),
    ]


@pytest.mark.django_db
def test_consent_records_the_address_the_proxy_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert subscribe_and_confirm(client, f"198.51.100.1, {CLIENT}") == [
        ("requested", CLIENT),
        ("confirmed", CLIENT),
    ]


# --- failed logins ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_failed_logins_from_one_address_do_not_lock_others_there_out(client, citizen, password):
    for n in range(30):
        client.post("/nl/account/login/", {"login": f"raden{n}@example.org", "password": "fout"})
    response = client.post("/nl/account/login/", {"login": citizen.email, "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


@pytest.mark.django_db
def test_failed_logins_still_lock_the_guessed_account(client, citizen, password):
    for _ in range(5):
        client.post("/nl/account/login/", {"login": citizen.email, "password": "fout"})
    response = client.post("/nl/account/login/", {"login": citizen.email, "password": password})
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in response.content.decode()


@pytest.mark.parametrize("forwarded", [CLIENT, "not-an-ip", ""])
def test_allauth_asks_the_site_for_the_address_even_when_the_header_is_short(settings, forwarded):
    # allauth's own reading raises a server error when a request names fewer addresses than
    # there are trusted proxies; through the site's adapter it gets the site's answer.
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = request_with(forwarded)
    assert get_adapter(request).get_client_ip(request) == PROXY


@pytest.mark.django_db
def test_a_login_with_a_short_forwarded_header_is_answered_not_a_server_error(client, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    client.raise_request_exception = False
    response = client.post(
        reverse("account_login"),
        {"login": "nobody@example.org", "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR=CLIENT,
    )
    assert response.status_code == 200
