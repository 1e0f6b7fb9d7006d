from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Event


class Command(BaseCommand):
    help = (
        "Compare every event's stored seat and waiting-list counters with its registrations and "
        "set the ones that differ (e.g. after registrations were written in bulk, around the "
        "registration engine). With --check, change nothing and fail when one differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report miscounted events and exit 1; no change."
        )

    def handle(self, *args, check, **options):
        if check:
            wrong = list(Event.objects.miscounted().values_list("slug", flat=True)[:20])
            if wrong:
                raise CommandError(f"Events with wrong seat counters: {', '.join(wrong)}")
            self.stdout.write("Seat counters: all right")
            return
        with transaction.atomic():
            # The engine's lock, taken on every event at once: no registration changes meanwhile.
            ids = list(Event.objects.select_for_update().values_list("pk", flat=True))
            fixed = Event.objects.filter(pk__in=ids).miscounted().count()
            Event.objects.filter(pk__in=ids).recount()
        self.stdout.write(f"Events recounted: {fixed} corrected")
