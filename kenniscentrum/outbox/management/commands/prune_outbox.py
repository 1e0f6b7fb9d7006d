from django.conf import settings
from django.core.management.base import BaseCommand

from kenniscentrum.outbox.delivery import prune


class Command(BaseCommand):
    help = (
        "Delete sent e-mails from the outbox after OUTBOX_KEEP_DAYS (--days), failed ones "
        "after three times as long."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        count = prune(days if days is not None else settings.OUTBOX_KEEP_DAYS)
        self.stdout.write(f"{count} e-mails deleted from the outbox")
