"""The benchmark's write mix (visitors registering at a steady rate, removed afterwards) and the
verdicts of its table of targets; no load test runs here."""

import io
import json
import socket
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import Registration
from kenniscentrum.loadtest import results
from kenniscentrum.loadtest.server import shared_cache
from kenniscentrum.loadtest.writes import (
    VISITOR_DOMAIN,
    Pacer,
    remove_visitors,
    run_visitors,
    visitor_email,
)
from kenniscentrum.outbox.models import OutboxMessage
from tests.factories import EventFactory
from tests.services import require_binary


class FakeTime:
    """A clock that only moves when slept on, or when a call is said to take time."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_the_pacer_keeps_the_rate_whatever_each_call_takes():
    time = FakeTime()
    pacer = Pacer(5, clock=time.clock, sleep=time.sleep)
    starts = []
    for _ in range(5):
        pacer.wait()
        starts.append(round(time.now, 6))
        time.now += 0.05  # the registration itself
    assert starts == [0.0, 0.2, 0.4, 0.6, 0.8]
    assert time.sleeps == [0.15, 0.15, 0.15, 0.15]


def test_after_a_stall_the_pacer_starts_afresh_instead_of_bursting():
    time = FakeTime()
    pacer = Pacer(5, clock=time.clock, sleep=time.sleep)
    pacer.wait()
    time.now += 1.0  # the database stalled for five intervals
    pacer.wait()
    starts = [time.now]
    for _ in range(2):
        pacer.wait()
        starts.append(time.now)
    assert starts == pytest.approx([1.0, 1.2, 1.4])


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "kenniscentrum.outbox.backend.QueueEmailBackend"


@pytest.mark.django_db
def test_visitors_register_through_the_engine_for_open_public_events_only(outbox):
    now = timezone.now()
    open_event = EventFactory(capacity=3)
    closed = EventFactory(registration_closes_at=now - timedelta(hours=1))
    not_yet = EventFactory(registration_opens_at=now + timedelta(days=1))
    members_only = EventFactory(audience="members")
    time = FakeTime()

    achieved = run_visitors(
        10, lambda: time.now >= 0.5, seed=1, run="t", clock=time.clock, sleep=time.sleep
    )

    assert achieved["registered"] == 5 and achieved["refused"] == 0
    assert achieved["rate"] == pytest.approx(10)
    made = Registration.objects.filter(email__endswith=f"@{VISITOR_DOMAIN}")
    assert set(made.values_list("event", flat=True)) == {open_event.pk}
    # Their addresses confirmed: the first three take the seats, the others wait.
    assert sorted(made.values_list("status", flat=True)) == [
        "confirmed", "confirmed", "confirmed", "waitlisted", "waitlisted",
    ]  # fmt: skip
    # Each visitor got the e-mail asking to confirm, then the one saying where they stand.
    assert OutboxMessage.objects.filter(recipients__endswith=f"@{VISITOR_DOMAIN}").count() == 10
    assert not Registration.objects.filter(event__in=[closed, not_yet, members_only]).exists()


@pytest.mark.django_db
def test_removing_the_visitors_leaves_the_data_as_it_was(outbox):
    event = EventFactory(capacity=2)
    person, _ = services.register(event, name="Echte Persoon", email="echt@example.org")
    services.confirm_address(person.pk)
    before = OutboxMessage.objects.count()  # the person's own two e-mails
    for n in range(3):  # one seat left: one visitor takes it, two wait
        visitor, _ = services.register(event, name="Bezoeker", email=visitor_email(n, "t"))
        services.confirm_address(visitor.pk)

    removed = remove_visitors()

    assert removed == {"registrations": 3, "emails": 6}
    assert list(event.registrations.values_list("email", "status")) == [
        ("echt@example.org", "confirmed")
    ]
    assert OutboxMessage.objects.count() == before
    assert not OutboxMessage.objects.filter(recipients__endswith=f"@{VISITOR_DOMAIN}").exists()


@pytest.mark.django_db
def test_the_command_registers_until_its_time_is_up_and_says_what_it_achieved(outbox):
    EventFactory()
    output = io.StringIO()

    call_command("register_visitors", rate=20, seconds=0.3, run="cmd", stdout=output)

    ready, achieved = output.getvalue().splitlines()
    assert ready == "ready"
    achieved = json.loads(achieved)
    stored = Registration.objects.filter(email__endswith=f"@{VISITOR_DOMAIN}").count()
    assert achieved["registered"] == stored >= 1

    output = io.StringIO()
    call_command("register_visitors", remove=True, stdout=output)
    assert json.loads(output.getvalue())["registrations"] == stored
    assert not Registration.objects.filter(email__endswith=f"@{VISITOR_DOMAIN}").exists()


def row(page, ratio, p99=5.0, logged_in=False):
    return {"page": page, "logged_in": logged_in, "ratio": ratio, "p99_ms": p99}


def ceiling():
    return row(results.CEILING[0], 1.0, p99=1.0)


def verdicts(targets):
    return [(target["value"], target["met"]) for target in targets]


def test_each_target_is_judged_on_its_own_pass():
    writes = {
        0: [ceiling(), row("home", 0.85), row("event", 0.8), row("Mijn BIN", 0.3, logged_in=True)],
        1: [ceiling(), row("home", 0.7), row("event", 0.6)],
        5: [ceiling(), row("home", 0.6, p99=40), row("event", 0.49, p99=20),
            row("Mijn BIN", 0.2, p99=60, logged_in=True)],
    }  # fmt: skip
    uncached = [ceiling(), row("home", 0.12), row("Mijn BIN", 0.09, logged_in=True)]
    shared = [ceiling(), row("Mijn BIN", 0.5, logged_in=True)]

    targets = results.issue_targets(
        writes, uncached, shared, 14.9, connections=8, shared_label="shared cache"
    )

    assert verdicts(targets) == [
        (0.8, True),  # the logged-in page is not a public page
        (0.49, False),  # at the highest rate
        (0.09, False),  # every page, logged-in ones included
        (14.9, True),
        (0.5, True),
        (60, False),  # every page at the highest rate, the ceiling not counted
    ]
    assert "5 registrations/s" in targets[1]["what"]
    assert [line[-1] for line in results.format_targets(targets)[1:]] == list("✔✘✘✔✔✘")


def test_a_pass_not_run_is_not_measured_rather_than_failed():
    targets = results.issue_targets(
        {0: [ceiling(), row("home", 0.9)]}, None, None, 20.0, connections=8, shared_label="x"
    )
    assert verdicts(targets) == [
        (0.9, True), (None, None), (None, None), (20.0, False), (None, None), (None, None),
    ]  # fmt: skip


def test_ratios_are_taken_per_run_against_that_runs_ceiling():
    def wrk(rps):
        return {"rps": rps, "p50": 1.0, "p99": 2.0, "socket_errors": 0, "bad_responses": 0}

    runs = [
        {"ceiling (/ping)": wrk(1000), "home": wrk(800)},
        {"ceiling (/ping)": wrk(500), "home": wrk(450)},
        {"ceiling (/ping)": wrk(2000), "home": wrk(1000)},
    ]
    rows = results.summarise([results.CEILING, ("home", "/nl/", False)], runs)
    assert rows[1]["ratio"] == pytest.approx(0.8)  # the median of 0.8, 0.9 and 0.5
    assert rows[1]["rps"] == 800


def test_the_95th_percentile():
    assert results.percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert results.percentile([3.0], 95) == 3.0
    assert results.percentile([], 95) is None


def test_the_shared_cache_is_the_environments_when_it_names_one(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6390/2")
    assert shared_cache() == ("redis://127.0.0.1:6390/2", None)


def test_otherwise_a_redis_server_is_started_on_the_loopback(monkeypatch):
    require_binary("redis-server")
    monkeypatch.setenv("CACHE_URL", "locmemcache://")
    url, redis = shared_cache()
    try:
        assert url == redis.url and url.startswith("redis://127.0.0.1:")
        with socket.create_connection(("127.0.0.1", redis.port), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            assert connection.recv(16) == b"+PONG\r\n"
    finally:
        redis.close()
    assert not redis.running
