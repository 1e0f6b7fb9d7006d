from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events.models import Registration


class Command(BaseCommand):
    help = (
        "Remove the names and e-mail addresses of registrations for events that ended more than "
        "--days days ago (default: EVENTS_ANONYMISE_AFTER_DAYS). Statuses stay, so the counts "
        "stay right; certificates keep their own copy and remain verifiable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.EVENTS_ANONYMISE_AFTER_DAYS)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        count = Registration.objects.filter(
            event__ends_at__lt=cutoff, anonymised_at__isnull=True
        ).update(name="", email="", user=None, anonymised_at=timezone.now())
        self.stdout.write(f"Registrations anonymised: {count}")
