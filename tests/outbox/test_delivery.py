"""Delivery through a real SMTP server on the loopback: outages lose nothing and answer fast,
every mail arrives exactly once, one connection per batch, retries back off, refusals stop."""

import math
import threading
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events import services
from events.models import Registration
from kenniscentrum.lib.mail import send_email
from kenniscentrum.outbox.delivery import deliver, deliver_outbox, retry, work_through_queue
from kenniscentrum.outbox.models import OutboxMessage
from tests.factories import ContactSubjectFactory, EventFactory


def queue(count, prefix="p"):
    for n in range(count):
        send_email("contact_confirmation", [f"{prefix}{n}@example.org"], {"contact": {}})


@pytest.mark.django_db
def test_a_failing_server_defers_with_backoff_and_counts_attempts(
    queued_mail, smtp_server, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.recorder.failing = True
    queue(3)

    before = timezone.now()
    assert deliver() == {"sent": 0, "failed": 0, "deferred": 3}
    rows = list(OutboxMessage.objects.all())
    assert {(r.status, r.attempts) for r in rows} == {("pending", 1)}
    assert all(r.next_attempt_at >= before + timedelta(seconds=60) for r in rows)
    retry_task = DBTaskResult.objects.get(task_path=deliver_outbox.module_path, status="READY")
    assert retry_task.run_after == min(r.next_attempt_at for r in rows)
    assert deliver()["deferred"] == 0  # nothing is due before its time

    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    deliver()
    assert {(r.status, r.attempts) for r in OutboxMessage.objects.all()} == {("failed", 2)}
    assert "451" in OutboxMessage.objects.first().last_error

    # Staff send them again once the server works.
    smtp_server.recorder.failing = False
    assert retry(OutboxMessage.objects.all()) == 3
    assert deliver()["sent"] == 3
    assert smtp_server.recorder.per_recipient() == {f"p{n}@example.org": 1 for n in range(3)}


@pytest.mark.django_db
def test_a_refused_recipient_fails_for_good_and_the_others_go_out(queued_mail, smtp_server):
    smtp_server.recorder.refuse = {"p1@example.org"}
    queue(3)

    assert deliver() == {"sent": 2, "failed": 1, "deferred": 0}
    refused = OutboxMessage.objects.get(recipients="p1@example.org")
    assert refused.status == "failed"
    assert "550" in refused.last_error
    assert smtp_server.recorder.per_recipient() == {"p0@example.org": 1, "p2@example.org": 1}
    assert deliver()["sent"] == 0


@pytest.mark.django_db(transaction=True)
def test_mail_outage_answers_fast_loses_nothing_and_delivers_exactly_once(
    client, queued_mail, smtp_server, settings
):
    settings.OUTBOX_BATCH_SIZE = 100
    smtp_server.stop()  # nothing listens on its port any more
    event = EventFactory(capacity=400)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Deelnemer {n}",
            email=f"deelnemer{n}@example.org",
            status=Registration.Status.CONFIRMED,
            queue_number=n + 1,
            confirmed_at=timezone.now(),
            language="nl",
        )
        for n in range(300)
    )
    subject = ContactSubjectFactory(recipient="onthaal@kc.example.org")

    started = time.perf_counter()
    response = client.post(
        reverse("events:register", args=[event.slug]),
        {"name": "Vera Bezoeker", "email": "vera@example.org"},
    )
    register_seconds = time.perf_counter() - started
    assert response.status_code == 302

    started = time.perf_counter()
    response = client.post(
        "/nl/contact/",
        {
            "subject": subject.pk,
            "name": "Vera Vraag",
            "email": "vraag@example.org",
            "message": "Wanneer is de volgende opleiding?",
            "consent": "on",
        },
    )
    contact_seconds = time.perf_counter() - started
    assert response.status_code == 302

    started = time.perf_counter()
    services.announce_change(event, cancelled=True)
    cancel_seconds = time.perf_counter() - started

    assert register_seconds < 1
    assert contact_seconds < 1
    # 301 e-mails rendered and stored, no SMTP: 2-6 s on a busy two-core machine; the request
    # it replaces could not finish within 30 s.
    assert cancel_seconds < 15
    expected = {"vera@example.org", "vraag@example.org", "onthaal@kc.example.org"}
    expected |= {f"deelnemer{n}@example.org" for n in range(300)}
    # The registration's own mail and the cancellation both reach Vera.
    assert OutboxMessage.objects.pending().count() == len(expected) + 1

    work_through_queue()  # the server is still down: everything waits for its next attempt
    assert OutboxMessage.objects.pending().count() == len(expected) + 1
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) <= {0, 1}

    smtp_server.start()
    smtp_server.recorder.connections = 0
    OutboxMessage.objects.update(next_attempt_at=timezone.now())  # staff: "send again now"
    work_through_queue()

    counts = smtp_server.recorder.per_recipient()
    assert set(counts) == expected
    assert counts["vera@example.org"] == 2
    assert all(n == 1 for address, n in counts.items() if address != "vera@example.org")
    assert smtp_server.recorder.connections == math.ceil((len(expected) + 1) / 100)
    assert OutboxMessage.objects.exclude(status="sent").count() == 0

    work_through_queue()
    assert sum(smtp_server.recorder.per_recipient().values()) == len(expected) + 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_the_same_message(queued_mail, smtp_server, settings):
    from django.db import connection

    queue(200)
    results = []

    def worker():
        try:
            results.append(deliver(batch_size=10))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = smtp_server.recorder.per_recipient()
    assert len(counts) == 200
    assert set(counts.values()) == {1}
    assert sorted(r["sent"] for r in results) != [0, 200]  # both really worked
    assert sum(r["sent"] for r in results) == 200
