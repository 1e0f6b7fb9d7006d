"""The registration engine: seats, waiting list, duplicates, promotion, under real concurrency."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from events import services
from events.models import Registration
from tests.factories import EventFactory, UserFactory

Status = Registration.Status


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_registrations_for_ten_seats_confirm_exactly_ten():
    event = EventFactory(capacity=10)
    users = [UserFactory(email=f"deelnemer{i}@example.org") for i in range(32)]
    barrier = threading.Barrier(len(users))
    errors = []

    def register(user):
        try:
            barrier.wait()  # start together, so the registrations really compete
            services.register(event, user=user, notify=False)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    registrations = list(event.registrations.order_by("queue_number"))
    assert len(registrations) == 32
    assert sum(r.status == Status.CONFIRMED for r in registrations) == 10
    assert sum(r.status == Status.WAITLISTED for r in registrations) == 22
    # Arrival order: the first ten numbers hold the seats, the rest wait in order, no gaps.
    assert [r.queue_number for r in registrations] == list(range(1, 33))
    assert all(r.status == Status.CONFIRMED for r in registrations[:10])
    assert len({r.user_id for r in registrations}) == 32


@pytest.mark.django_db(transaction=True)
def test_parallel_double_submission_by_one_person_gives_one_registration():
    event = EventFactory(capacity=5)
    user = UserFactory()
    barrier = threading.Barrier(8)
    results = []

    def register():
        try:
            barrier.wait()
            registration, _ = services.register(event, user=user, notify=False)
            results.append(registration.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and len(set(results)) == 1
    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_registering_twice_returns_the_existing_registration(citizen):
    event = EventFactory(capacity=3)
    first, created = services.register(event, user=citizen, notify=False)
    again, created_again = services.register(event, user=citizen, notify=False)
    assert created and not created_again and first.pk == again.pk


@pytest.mark.django_db
def test_same_email_in_other_case_is_the_same_visitor():
    event = EventFactory()
    first, _ = services.register(event, name="Els", email="els@example.org", notify=False)
    again, created = services.register(event, name="Els", email="ELS@Example.org", notify=False)
    assert not created and again.pk == first.pk


@pytest.mark.django_db
def test_database_refuses_a_second_active_registration_for_the_same_email():
    from django.db import IntegrityError

    event = EventFactory()
    Registration.objects.create(event=event, email="a@example.org", name="A")
    with pytest.raises(IntegrityError):
        Registration.objects.create(event=event, email="A@example.org", name="A")


@pytest.mark.django_db
def test_cancel_promotes_the_first_waitlisted_and_emails_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    people = [UserFactory(email=f"p{i}@example.org") for i in range(4)]
    regs = [services.register(event, user=p, notify=False)[0] for p in people]
    assert [r.status for r in regs] == [Status.CONFIRMED] * 2 + [Status.WAITLISTED] * 2

    with django_capture_on_commit_callbacks(execute=True):
        _, promoted = services.cancel(regs[0])
    assert [r.pk for r in promoted] == [regs[2].pk]
    statuses = dict(event.registrations.values_list("pk", "status"))
    assert statuses[regs[0].pk] == Status.CANCELLED
    assert statuses[regs[2].pk] == Status.CONFIRMED
    assert statuses[regs[3].pk] == Status.WAITLISTED
    recipients = {m.to[0]: m for m in mail.outbox}
    assert set(recipients) == {"p0@example.org", "p2@example.org"}
    assert "plaats vrijgekomen" in recipients["p2@example.org"].subject


@pytest.mark.django_db
def test_larger_capacity_promotes_as_many_as_fit_in_order():
    event = EventFactory(capacity=1)
    regs = [services.register(event, user=UserFactory(), notify=False)[0] for _ in range(5)]
    promoted = services.change_capacity(event, 3, notify=False)
    assert [r.pk for r in promoted] == [regs[1].pk, regs[2].pk]
    assert event.registrations.seated().count() == 3
    assert list(event.registrations.waitlisted().values_list("pk", flat=True)) == [
        regs[3].pk,
        regs[4].pk,
    ]
    # Unlimited: everyone waiting gets a seat.
    services.change_capacity(event, None, notify=False)
    assert not event.registrations.waitlisted().exists()


@pytest.mark.django_db
def test_smaller_capacity_keeps_confirmed_people_and_new_ones_wait():
    event = EventFactory(capacity=3)
    regs = [services.register(event, user=UserFactory(), notify=False)[0] for _ in range(3)]
    services.change_capacity(event, 1, notify=False)
    assert event.registrations.seated().count() == 3
    late, _ = services.register(event, user=UserFactory(), notify=False)
    assert late.status == Status.WAITLISTED
    services.cancel(regs[0], notify=False)
    late.refresh_from_db()
    assert late.status == Status.WAITLISTED  # still over capacity: no promotion


@pytest.mark.django_db
def test_visitor_counts_only_after_confirming_the_address():
    event = EventFactory(capacity=1)
    visitor, _ = services.register(event, name="Vera", email="vera@example.org", notify=False)
    assert visitor.status == Status.PENDING and visitor.queue_number is None
    member, _ = services.register(event, user=UserFactory(), notify=False)
    assert member.status == Status.CONFIRMED  # the pending visitor held no seat
    visitor = services.confirm_address(visitor.pk, notify=False)
    assert visitor.status == Status.WAITLISTED
    assert services.confirm_address(visitor.pk, notify=False).queue_number == visitor.queue_number


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"status": "cancelled"}, "geannuleerd"),
        ({"status": "draft"}, "niet"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "afgesloten"),
        ({"registration_opens_at": timezone.now() + timedelta(days=2)}, "opent op"),
    ],
)
def test_closed_cancelled_or_unpublished_events_refuse_with_a_clear_message(changes, message):
    event = EventFactory(**changes)
    with pytest.raises(services.RegistrationError) as error:
        services.register(event, user=UserFactory(), notify=False)
    assert message in str(error.value.message)
    assert not event.registrations.exists()


@pytest.mark.django_db
def test_past_event_refuses_registration():
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(services.RegistrationError, match="voorbij"):
        services.register(event, user=UserFactory(), notify=False)


@pytest.mark.django_db
def test_event_must_end_after_it_starts():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    event = EventFactory.build(
        ends_at=timezone.now(), starts_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        event.full_clean()
    with pytest.raises(IntegrityError, match="events_event_ends_after_start"):
        event.save()
