"""The admin goes through the registration engine: capacity, cancellation and changes."""

import pytest
from django.core import mail
from django.forms.models import model_to_dict
from django.urls import reverse

from events import services
from events.models import Event, Registration
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_post(client, event, django_capture_on_commit_callbacks, **changes):
    data = {k: v for k, v in model_to_dict(event).items() if v is not None and k != "id"}
    data.update(
        {
            "starts_at_0": event.starts_at.astimezone().strftime("%Y-%m-%d"),
            "starts_at_1": event.starts_at.astimezone().strftime("%H:%M:%S"),
            "ends_at_0": event.ends_at.astimezone().strftime("%Y-%m-%d"),
            "ends_at_1": event.ends_at.astimezone().strftime("%H:%M:%S"),
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
            "course_session-TOTAL_FORMS": "0",
            "course_session-INITIAL_FORMS": "0",
        }
    )
    data.update(changes)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_larger_capacity_in_admin_promotes_and_emails(
    client, editor, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    regs = [services.register(event, user=UserFactory(), notify=False)[0] for _ in range(3)]
    client.force_login(editor)
    admin_post(client, event, django_capture_on_commit_callbacks, capacity="2")
    regs[1].refresh_from_db()
    assert regs[1].status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[regs[1].email]]


def test_cancelling_in_admin_tells_everyone_registered(
    client, editor, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=5)
    for _ in range(2):
        services.register(event, user=UserFactory(), notify=False)
    client.force_login(editor)
    admin_post(client, event, django_capture_on_commit_callbacks, status="cancelled")
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and event.sequence == 1
    assert len(mail.outbox) == 2 and all("Geannuleerd" in m.subject for m in mail.outbox)


def test_event_list_in_admin_shows_counts_per_status(client, editor):
    event = EventFactory(capacity=1, title_nl="Telbare studiedag")
    services.register(event, user=UserFactory(), notify=False)
    services.register(event, user=UserFactory(), notify=False)
    client.force_login(editor)
    page = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Telbare studiedag" in page
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
