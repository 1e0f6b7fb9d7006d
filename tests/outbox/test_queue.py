"""Every e-mail of every origin is stored in the outbox in the caller's transaction and sent by
the worker; the message that comes out is the message that went in."""

import json
import subprocess
import sys

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kenniscentrum.lib.mail import build_email, send_email
from kenniscentrum.outbox.delivery import deliver, deliver_outbox
from kenniscentrum.outbox.message import from_data, to_data
from kenniscentrum.outbox.models import OutboxMessage
from tests.factories import UserFactory
from tests.kenniscentrum.test_settings import PRODUCTION, ROOT
from tests.outbox.conftest import QUEUE

pytestmark = pytest.mark.django_db


def test_production_settings_select_the_queue_backend():
    code = (
        "from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.EMAIL_DELIVERY_BACKEND, settings.EMAIL_TIMEOUT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        QUEUE,
        "django.core.mail.backends.smtp.EmailBackend",
        "10",
    ]


def test_a_message_comes_out_of_the_outbox_as_it_went_in():
    message = build_email(
        "contact_confirmation",
        ["vera@example.org"],
        {"contact": {"name": "Vera"}},
        language="fr",
        attachments=[("afspraak.ics", "BEGIN:VCALENDAR", "text/calendar"), ("x.bin", b"\0\1", "")],
        reply_to=["antwoord@example.org"],
    )
    message.cc = ["cc@example.org"]
    message.bcc = ["bcc@example.org"]
    message.extra_headers["List-Unsubscribe"] = "<https://example.org/u>"

    copy = from_data(json.loads(json.dumps(to_data(message))))

    assert copy.subject == message.subject
    assert copy.body == message.body
    assert copy.from_email == message.from_email
    assert copy.recipients() == message.recipients()
    assert copy.reply_to == ["antwoord@example.org"]
    assert copy.alternatives == message.alternatives
    assert [tuple(a) for a in copy.attachments] == [
        ("afspraak.ics", "BEGIN:VCALENDAR", "text/calendar"),
        ("x.bin", b"\0\1", "application/octet-stream"),
    ]
    assert copy.extra_headers["List-Unsubscribe"] == "<https://example.org/u>"
    assert copy.extra_headers["Message-ID"]  # fixed when queued: a retry is the same message


def test_every_origin_goes_through_the_outbox(client, queued_mail, settings):
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    UserFactory(email="lid@example.org")  # with a verified address

    send_email("contact_confirmation", ["vera@example.org"], {"contact": {"name": "Vera"}})
    mail.mail_admins("Fout op de site", "Traceback ...")
    client.post(reverse("account_reset_password"), {"email": "lid@example.org"})

    queued = sorted(OutboxMessage.objects.values_list("recipients", flat=True))
    assert queued == ["beheer@example.org", "lid@example.org", "vera@example.org"]
    assert mail.outbox == []  # nothing went out inside the request

    assert deliver() == {"sent": 3, "failed": 0, "deferred": 0}
    assert sorted(m.to[0] for m in mail.outbox) == queued
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_change_that_is_rolled_back_sends_nothing(queued_mail):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email("contact_confirmation", ["vera@example.org"], {"contact": {"name": "Vera"}})
        raise RuntimeError("the change failed")

    assert not OutboxMessage.objects.exists()
    assert deliver()["sent"] == 0
    assert mail.outbox == []


def test_a_transaction_enqueues_one_delivery_whatever_it_sends(
    queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for n in range(5):
                send_email("contact_confirmation", [f"p{n}@example.org"], {"contact": {}})

    assert len(callbacks) == 1
    assert OutboxMessage.objects.pending().count() == 5
    waiting = DBTaskResult.objects.ready().filter(task_path=deliver_outbox.module_path)
    assert waiting.count() == 1


def test_the_admin_shows_a_delivery_but_never_the_message_body(client, queued_mail, superuser):
    """A body may hold a password-reset link meant for the recipient alone."""
    send_email("contact_confirmation", ["lid@example.be"], {"contact": None})
    row = OutboxMessage.objects.get()
    row.message["body"] = "https://example.be/reset/geheime-sleutel/"
    row.save()
    client.force_login(superuser)
    page = client.get(reverse("admin:outbox_outboxmessage_change", args=[row.pk]))
    assert page.status_code == 200
    assert "lid@example.be" in page.text
    assert "geheime-sleutel" not in page.text
