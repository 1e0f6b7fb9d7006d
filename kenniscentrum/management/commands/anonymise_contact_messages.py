from django.conf import settings
from django.core.management.base import BaseCommand

from kenniscentrum.models import ContactMessage


class Command(BaseCommand):
    help = (
        "Remove the sender's name, address and text from contact messages older than --days days "
        "(default: CONTACT_MESSAGES_KEEP_DAYS), as the privacy statement promises. The subject "
        "and date stay, so the counts per subject stay right."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.CONTACT_MESSAGES_KEEP_DAYS)

    def handle(self, *args, days, **options):
        count = ContactMessage.objects.older_than(days).anonymise()
        self.stdout.write(f"Contact messages anonymised: {count}")
