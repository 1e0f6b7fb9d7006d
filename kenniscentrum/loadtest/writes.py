"""The benchmark's write mix: visitors registering for events while the pages are under load.

Each visitor is a new fictitious person with an address in a reserved domain (`.invalid` can
never be delivered to), registers for a random upcoming public event open for registration and
confirms their address, both through the registration engine (`events.services`), so the
registration counts and its e-mails are queued in the outbox as in production. Everything the
write mix made is removed again afterwards (`remove_visitors`), so that repeated runs leave the
data as it was.
"""

import random
import secrets
import time

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from events import services
from events.models import Event, Registration
from kenniscentrum.outbox.models import OutboxMessage

VISITOR_DOMAIN = "benchmark.example.invalid"


def visitor_email(n, run):
    return f"bezoeker-{run}-{n}@{VISITOR_DOMAIN}"


class Pacer:
    """Lets calls through at `rate` per second on a fixed schedule, so that the time a call
    takes does not lower the rate. After a stall of more than one interval the schedule starts
    afresh from now: a steady rate, never a burst to catch up."""

    def __init__(self, rate, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate
        self.clock, self.sleep = clock, sleep
        self.due = None

    def wait(self):
        now = self.clock()
        if self.due is None or now - self.due > self.interval:
            self.due = now
        elif now < self.due:
            self.sleep(self.due - now)
        self.due += self.interval


def open_event_ids(now=None):
    """Upcoming public events that take registrations right now."""
    now = now or timezone.now()
    events = (
        Event.objects.published()
        .public()
        .filter(starts_at__gt=now)
        .exclude(registration_opens_at__gt=now)
        .exclude(registration_closes_at__lte=now)
    )
    return list(events.values_list("pk", flat=True))


def register_visitor(event_id, email, language):
    """One visitor registers and confirms their address; False when the engine refuses (the
    event started or closed its registration meanwhile)."""
    event = Event.objects.get(pk=event_id)
    try:
        registration, _created = services.register(
            event, name=f"Bezoeker {email.split('@')[0]}", email=email, language=language
        )
        services.confirm_address(registration.pk)
    except services.RegistrationError:
        return False
    return True


def run_visitors(rate, stopped, *, seed=None, run=None, clock=time.monotonic, sleep=time.sleep):
    """Register visitors at `rate` per second until `stopped()`; what was achieved."""
    rng = random.Random(seed)
    run = run or secrets.token_hex(4)
    event_ids = open_event_ids()
    if not event_ids:
        raise ValueError("No upcoming public event takes registrations.")
    pacer = Pacer(rate, clock=clock, sleep=sleep)
    registered = refused = 0
    start = clock()
    while True:
        pacer.wait()
        if stopped():
            break
        email = visitor_email(registered + refused, run)
        if register_visitor(rng.choice(event_ids), email, rng.choice(["nl", "fr"])):
            registered += 1
        else:
            refused += 1
    seconds = clock() - start
    return {
        "target_rate": rate,
        "registered": registered,
        "refused": refused,
        "seconds": round(seconds, 3),
        "rate": round(registered / seconds, 3) if seconds else 0.0,
    }


def visitors():
    return Registration.objects.filter(email__iendswith=f"@{VISITOR_DOMAIN}")


def remove_visitors():
    """Remove the write mix's registrations and the e-mails they queued.

    Each is cancelled through the engine first, so that whatever the engine keeps about an event
    (its seats) is as it was; the waiting list first, newest first, so that a cancelled seat
    never promotes one of the visitors (nor anyone else: before the visitors came, nobody waited
    for a free seat)."""
    waiting_first = Case(
        When(status=Registration.Status.WAITLISTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    for registration in visitors().active().order_by(waiting_first, "-pk"):
        services.cancel(registration, notify=False)
    registrations, _ = visitors().delete()
    emails, _ = OutboxMessage.objects.filter(recipients__iendswith=f"@{VISITOR_DOMAIN}").delete()
    return {"registrations": registrations, "emails": emails}
