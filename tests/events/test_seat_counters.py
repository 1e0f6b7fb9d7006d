"""The stored seat counters: whatever people and staff do, each event's counters equal a real
count of its registrations, so pages can show them without counting."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events import services
from events.models import Event, Registration
from events.site import events_on_account_deletion
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def real_counts(event):
    statuses = list(event.registrations.values_list("status", flat=True))
    seated = sum(status in Registration.SEATED for status in statuses)
    return seated, statuses.count(Status.WAITLISTED)


def assert_counters_true(events):
    for event in events:
        event.refresh_from_db()
        assert (event.seats_taken, event.waitlist_count) == real_counts(event), event.slug
    assert not Event.objects.miscounted().exists()


class Session:
    """Random steps people and staff take, each through the code the site itself runs."""

    def __init__(self, rng, events):
        self.rng = rng
        self.events = events
        self.users = [UserFactory() for _ in range(6)]
        self.visitors = [f"bezoeker{i}@example.org" for i in range(6)]

    def pick(self, registrations):
        registrations = list(registrations.order_by("pk"))
        return self.rng.choice(registrations) if registrations else None

    def event(self):
        return self.rng.choice(self.events)

    def register_member(self):
        if self.users:
            services.register(self.event(), user=self.rng.choice(self.users), notify=False)

    def register_visitor(self):
        email = self.rng.choice(self.visitors)
        services.register(self.event(), name="Bezoeker", email=email, notify=False)

    def confirm(self):
        registration = self.pick(Registration.objects.filter(status=Status.PENDING))
        if registration is not None:
            services.confirm_address(registration.pk, notify=False)

    def cancel(self):
        registration = self.pick(Registration.objects.filter(status__in=Registration.ACTIVE))
        if registration is not None:
            services.cancel(registration, notify=False)

    def change_capacity(self):
        services.change_capacity(self.event(), self.rng.choice([None, 1, 2, 3, 5]), notify=False)

    def mark_attendance(self):
        registration = self.pick(Registration.objects.filter(status__in=Registration.SEATED))
        if registration is not None:
            services.mark_attendance(registration, self.rng.random() < 0.5, notify=False)

    def delete_registration(self):
        registration = self.pick(Registration.objects.all())
        if registration is not None:
            services.delete_registrations(Registration.objects.filter(pk=registration.pk))

    def delete_person(self):
        if self.users:
            user = self.users.pop(self.rng.randrange(len(self.users)))
            events_on_account_deletion(user)
            user.delete()

    def steps(self):
        return [
            self.register_member,
            self.register_member,
            self.register_visitor,
            self.confirm,
            self.cancel,
            self.change_capacity,
            self.mark_attendance,
            self.delete_registration,
            self.delete_person,
        ]


@pytest.mark.parametrize("seed", range(6))
def test_counters_equal_a_real_count_after_any_sequence_of_changes(seed):
    rng = random.Random(seed)
    events = [EventFactory(capacity=2), EventFactory(capacity=None), EventFactory(capacity=3)]
    session = Session(rng, events)
    done = []
    for _ in range(40):
        step = rng.choice(session.steps())
        done.append(step.__name__)
        try:
            step()
        except services.RegistrationError:
            pass  # a refusal (e.g. registering again) changes nothing and is counted the same
        assert_counters_true(events)
    # The sequences did reach full events and waiting lists, or the test proves little.
    assert {"register_member", "cancel", "change_capacity"} <= set(done)


def test_a_full_event_counts_its_waiting_list_and_moves_it_up():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    seat, _ = services.register(event, user=first, notify=False)
    services.register(event, user=second, notify=False)
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_count, event.seats_left()) == (1, 1, 0)

    services.cancel(seat, notify=False)
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_count) == (1, 0)


def test_saving_an_event_read_before_a_registration_keeps_the_new_count():
    event = EventFactory(capacity=5)
    stale = Event.objects.get(pk=event.pk)
    services.register(event, user=UserFactory(), notify=False)

    stale.title_nl = "Nieuwe titel"
    stale.save()

    event.refresh_from_db()
    assert (event.title_nl, event.seats_taken) == ("Nieuwe titel", 1)


def test_saving_a_partly_loaded_event_writes_only_what_was_loaded():
    event = EventFactory(capacity=5)
    partial = Event.objects.only("title_nl").get(pk=event.pk)
    services.register(event, user=UserFactory(), notify=False)
    Event.objects.filter(pk=event.pk).update(venue_name="Nieuwe zaal")

    partial.title_nl = "Nieuwe titel"
    partial.save()

    event.refresh_from_db()
    assert (event.title_nl, event.venue_name, event.seats_taken) == (
        "Nieuwe titel",
        "Nieuwe zaal",
        1,
    )


def test_recount_seats_check_fails_on_a_wrong_counter_and_the_repair_fixes_it():
    event = EventFactory(capacity=5)
    services.register(event, user=UserFactory(), notify=False)
    Event.objects.filter(pk=event.pk).update(seats_taken=4)  # as a bulk write around the engine

    with pytest.raises(CommandError, match=event.slug):
        call_command("recount_seats", "--check", stdout=StringIO())
    out = StringIO()
    call_command("recount_seats", stdout=out)

    assert "1 corrected" in out.getvalue()
    event.refresh_from_db()
    assert event.seats_taken == 1
    call_command("recount_seats", "--check", stdout=StringIO())
