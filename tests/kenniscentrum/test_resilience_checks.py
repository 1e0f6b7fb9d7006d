"""The outage drill's verdict on registrations made while PostgreSQL was down."""

import io

import pytest

from events.models import Registration
from kenniscentrum.loadtest.management.commands.resilience import DRILL_EMAIL, Command
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def drill_address(n):
    return DRILL_EMAIL.format(n=n)


def verdict(records):
    return Command(stdout=io.StringIO()).check_registrations(records)


def test_registrations_stored_once_or_refused_with_the_maintenance_page_pass():
    event = EventFactory()
    Registration.objects.create(event=event, name="Een", email=drill_address(1))
    records = [
        ("before", drill_address(1), "registered"),
        ("outage", drill_address(2), "maintenance"),
    ]
    assert verdict(records) == []
    # The drill cleans up after itself.
    assert not Registration.objects.filter(email__startswith="storingsoefening-").exists()


def test_a_lost_a_doubled_and_an_unexplained_registration_fail():
    event = EventFactory()
    Registration.objects.create(event=event, name="Twee", email=drill_address(2))
    Registration.objects.create(
        event=event, name="Twee", email=drill_address(2), status=Registration.Status.CANCELLED
    )
    records = [
        ("outage", drill_address(1), "registered"),  # confirmed, never stored
        ("outage", drill_address(2), "maintenance"),  # stored twice
        ("outage", drill_address(3), "500"),  # neither confirmed nor told to retry
        ("after", drill_address(4), "maintenance"),  # refused while the database was up
    ]
    failures = " | ".join(verdict(records))
    assert "1 registrations confirmed to the visitor were not stored" in failures
    assert "1 addresses were registered more than once" in failures
    assert "neither a confirmation nor the maintenance page" in failures
    assert "failed while the database was up" in failures
