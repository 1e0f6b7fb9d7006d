"""E-mails in the registrant's language, with a working cancel link and a parseable .ics."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import Registration
from members.models import User
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def calendar_of(message):
    (ics,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return icalendar.Calendar.from_ical(ics[1])


def test_confirmation_has_an_ics_with_stable_uid_and_brussels_time(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=5)
    user = UserFactory(email="nl@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, user=user)
    (message,) = mail.outbox
    assert message.to == ["nl@example.org"]
    assert "Inschrijving bevestigd" in message.subject
    assert message.alternatives[0][1] == "text/html"
    cal = calendar_of(message)
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.pk}@bin-kenniscentrum.be"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Brussels"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert vevent["SEQUENCE"] == 0
    assert "/agenda/uitschrijven/" in message.body


def test_french_registrant_gets_french_mail_with_french_links(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    services.register(event, user=UserFactory(), notify=False)
    francophone = UserFactory(preferred_language=User.Language.FRENCH)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, user=francophone)
    (message,) = mail.outbox
    assert "liste d'attente" in message.subject.lower()
    assert "/fr/" in message.body and event.title_fr in message.body


def test_change_bumps_sequence_and_tells_everyone_registered(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = services.register(event, user=UserFactory(), notify=False)[0]
    waiting = services.register(event, user=UserFactory(), notify=False)[0]
    cancelled = services.register(event, user=UserFactory(), notify=False)[0]
    services.cancel(cancelled, notify=False)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.announce_change(event)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.email, waiting.email])
    vevent = calendar_of(mail.outbox[0]).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == 1 and vevent.decoded("DTSTART") == event.starts_at

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.announce_change(event, cancelled=True)
    assert len(mail.outbox) == 2
    vevent = calendar_of(mail.outbox[0]).walk("VEVENT")[0]
    assert vevent["STATUS"] == "CANCELLED" and vevent["SEQUENCE"] == 2
    assert "Geannuleerd" in mail.outbox[0].subject


def test_reminder_command_sends_once_however_often_it_runs(settings):
    settings.EVENTS_REMINDER_DAYS_BEFORE = 2
    soon = EventFactory(starts_at=timezone.now() + timedelta(days=1))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    confirmed = services.register(soon, user=UserFactory(), notify=False)[0]
    services.register(soon, name="Vera", email="vera@example.org", notify=False)  # pending
    services.register(later, user=UserFactory(), notify=False)
    call_command("send_event_reminders", stdout=__import__("io").StringIO())
    call_command("send_event_reminders", stdout=__import__("io").StringIO())
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert "Herinnering" in mail.outbox[0].subject
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None


def test_anonymise_removes_names_and_emails_but_keeps_counts(settings):
    start = timezone.now() - timedelta(days=400)
    old = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    recent = EventFactory(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=9)
    )
    for event in (old, recent):
        for i in range(3):
            Registration.objects.create(
                event=event,
                name=f"P{i}",
                email=f"p{i}@example.org",
                status="attended",
                queue_number=i + 1,
            )
    call_command("anonymise_past_registrations", stdout=__import__("io").StringIO())
    assert old.registrations.filter(status="attended").count() == 3
    assert not old.registrations.exclude(email="").exists()
    assert not old.registrations.exclude(name="").exists()
    assert recent.registrations.exclude(email="").count() == 3
    call_command("anonymise_past_registrations", "--days", "5", stdout=__import__("io").StringIO())
    assert not recent.registrations.exclude(email="").exists()
