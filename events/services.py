"""The registration engine: the only code that changes a registration's status.

Every change runs in one transaction holding a lock on the event's row (`SELECT ... FOR UPDATE`),
so concurrent registrations for the same event queue up one behind the other: the seat count read
inside the lock is the truth, and there are never more confirmed people than seats. The named
unique constraints on `Registration` back the "one active registration per person" rule should
anything ever bypass this module. Every change ends with `recount`, in the same transaction: the
event's stored seat counters, which pages show, are never out of step with its registrations.
The e-mails a change causes are sent inside its transaction: the
site's e-mail backend stores them in the outbox there, so they commit with the change or not at all.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import emails
from events.models import Event, Registration
from events.signals import attendance_marked

Status = Registration.Status


class RegistrationError(Exception):
    """A registration that cannot go ahead; `message` is a sentence for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _lock(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def recount(event):
    """Store the event's seat and waiting-list counts. Caller holds the lock on the event.

    Decisions on seats count the rows themselves under the lock; the counters are what pages
    read. One statement, idempotent: the rule for the counters lives in `EventQuerySet.recount`."""
    Event.objects.filter(pk=event.pk).recount()


def _next_queue_number(event):
    highest = event.registrations.aggregate(n=Max("queue_number"))["n"] or 0
    return highest + 1


def _place(event, registration):
    """Give a counted registration a seat or a place on the waiting list. Caller holds the lock."""
    registration.queue_number = _next_queue_number(event)
    registration.confirmed_at = timezone.now()
    if event.seats_left(seats_taken=event.registrations.seated().count()) == 0:
        registration.status = Status.WAITLISTED
    else:
        registration.status = Status.CONFIRMED


def _existing(event, user, email):
    match = Q(email__iexact=email) if email else Q(pk__in=[])
    if user is not None:
        match |= Q(user=user)
    return event.registrations.active().filter(match).order_by("pk").first()


def register(event, *, user=None, name="", email="", language="nl", notify=True):
    """Register `user` (counts at once) or a visitor by name and e-mail (counts after they confirm
    their address). Returns (registration, created); registering again returns the existing one."""
    if user is not None:
        name = name or user.get_full_name()
        email = user.email
        language = getattr(user, "preferred_language", None) or language
    email = (email or "").strip()
    if not email:
        raise RegistrationError(_("Een e-mailadres is nodig."))
    with transaction.atomic():
        event = _lock(event)
        problem = event.registration_problem()
        if problem and user is None:
            # A visitor gets this answer whether or not the address is registered already.
            raise RegistrationError(problem)
        existing = _existing(event, user, email)
        if existing is not None and existing.status == Status.PENDING and user is not None:
            # A visitor's unconfirmed registration, now made while logged in with that address:
            # the login proves the address, so it counts from now.
            if not event.registration_problem():
                existing.user = user
                _place(event, existing)
                existing.save(update_fields=["user", "status", "queue_number", "confirmed_at"])
                recount(event)
                if notify:
                    emails.send_status(existing)
            return existing, False
        if existing is not None:
            if notify and existing.status == Status.PENDING:
                # They may have lost the first message: a new link, same registration.
                emails.send_confirm_address(existing)
            elif notify and user is None:
                # The visitor is told what every visitor is told; the address's owner learns
                # that they are registered already.
                emails.send_already_registered(existing)
            return existing, False
        if problem:
            raise RegistrationError(problem)
        registration = Registration(
            event=event, user=user, name=name, email=email, language=language
        )
        if user is not None:
            _place(event, registration)
        else:
            registration.status = Status.PENDING
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            # Only reachable if a write bypassed the lock; the constraint keeps one registration.
            existing = _existing(event, user, email)
            if existing is None:
                raise
            return existing, False
        recount(event)
        if notify:
            emails.send_status(registration)
    return registration, True


def confirm_address(registration_id, *, notify=True):
    """A visitor clicked the link in the confirmation e-mail: the registration now counts."""
    with transaction.atomic():
        event = _lock(Registration.objects.only("event_id").get(pk=registration_id).event)
        registration = event.registrations.get(pk=registration_id)
        if registration.status != Status.PENDING:
            return registration  # a second click changes nothing
        problem = event.registration_problem()
        if problem:
            raise RegistrationError(problem)
        _place(event, registration)
        registration.save(update_fields=["status", "queue_number", "confirmed_at"])
        recount(event)
        if notify:
            emails.send_status(registration)
    return registration


def cancel(registration, *, notify=True):
    """The person cancels; a freed seat goes to the first person on the waiting list."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = event.registrations.get(pk=registration.pk)
        if registration.status not in (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED):
            return registration, []
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _promote(event) if not event.is_past else []
        recount(event)
        if notify:
            emails.send_cancelled(registration)
            _notify_promoted(promoted)
    return registration, promoted


def change_capacity(event, capacity, *, notify=True):
    """Set a new number of seats; a larger number promotes as many waiting people as now fit.

    A smaller number never removes anyone already confirmed; new people then wait."""
    with transaction.atomic():
        event = _lock(event)
        event.capacity = capacity
        event.full_clean(validate_unique=False, validate_constraints=False)
        event.save(update_fields=["capacity", "updated_at"])
        promoted = _promote(event) if not event.is_past else []
        recount(event)
        if notify:
            _notify_promoted(promoted)
    return promoted


def promote_waitlisted(event, *, notify=True):
    """Fill free seats from the waiting list (e.g. after a registration was deleted)."""
    with transaction.atomic():
        event = _lock(event)
        promoted = _promote(event)
        recount(event)
        if notify:
            _notify_promoted(promoted)
    return promoted


def delete_registrations(registrations, *, notify=True):
    """Delete registrations (the admin's delete), each event's under its lock; freed seats go to
    the waiting list. Returns the promoted registrations."""
    promoted = []
    event_ids = set(registrations.values_list("event_id", flat=True))
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        with transaction.atomic():
            event = _lock(event)
            registrations.filter(event=event).delete()
            freed = _promote(event)
            recount(event)
            if notify:
                _notify_promoted(freed)
        promoted += freed
    return promoted


def _promote(event):
    """Move people from the waiting list to free seats, first come first served. Caller locks."""
    free = event.seats_left(seats_taken=event.registrations.seated().count())
    waiting = event.registrations.waitlisted()
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
    return promoted


def _notify_promoted(promoted):
    for registration in promoted:
        emails.send_promoted(registration)


def mark_attendance(registration, attended, *, notify=True):
    """Tick whether a confirmed person came (attended) or not (no-show); may be corrected."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = event.registrations.select_related("event", "user").get(pk=registration.pk)
        if registration.status not in Registration.SEATED:
            raise RegistrationError(_("Alleen bevestigde deelnemers krijgen een aanwezigheid."))
        registration.status = Status.ATTENDED if attended else Status.NO_SHOW
        registration.save(update_fields=["status"])
        recount(event)
        if attended:
            # Other apps (training: a certificate and its e-mail) react inside the same
            # transaction, so what they add commits with the attendance or not at all.
            attendance_marked.send(Registration, registration=registration, notify=notify)
    return registration


def announce_change(event, *, cancelled=False):
    """The event's time or place changed, or it was cancelled: tell everyone registered and
    bump the calendar SEQUENCE so subscribed calendars update their entry."""
    with transaction.atomic():
        event = _lock(event)
        event.sequence += 1
        if cancelled:
            event.status = Event.Status.CANCELLED
        event.save(update_fields=["sequence", "status", "updated_at"])
        recipients = list(
            event.registrations.filter(
                status__in=[Status.PENDING, Status.CONFIRMED, Status.WAITLISTED]
            ).select_related("event")
        )
        for registration in recipients:
            emails.send_event_changed(registration, cancelled=cancelled)
    return event
