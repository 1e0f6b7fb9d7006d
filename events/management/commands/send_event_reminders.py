from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events import emails
from events.models import Event, Registration


class Command(BaseCommand):
    help = (
        "E-mail a reminder to everyone confirmed for an event that starts within the next "
        "EVENTS_REMINDER_DAYS_BEFORE days. Each registration gets one reminder, however often "
        "this runs (run it e.g. every hour)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        horizon = now + timedelta(days=settings.EVENTS_REMINDER_DAYS_BEFORE)
        due = Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=horizon,
        ).values_list("pk", flat=True)
        sent = 0
        for pk in list(due):
            # One transaction per reminder: the row lock keeps a second run that overlaps this
            # one from sending it again, and a failed send leaves it for the next run.
            with transaction.atomic():
                registration = (
                    Registration.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("event")
                    .filter(pk=pk, reminder_sent_at__isnull=True)
                    .first()
                )
                if registration is None:
                    continue
                emails.send_reminder(registration)
                registration.reminder_sent_at = timezone.now()
                registration.save(update_fields=["reminder_sent_at"])
                sent += 1
        self.stdout.write(f"Reminders sent: {sent}")
