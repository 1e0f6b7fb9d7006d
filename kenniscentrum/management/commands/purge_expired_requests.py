from django.conf import settings
from django.core.management.base import BaseCommand

from kenniscentrum.newsletter.models import NewsletterSubscriber
from members.models import StartRequest


class Command(BaseCommand):
    help = (
        "Delete requests to start a BIN older than --start-request-days days (default: "
        "START_REQUESTS_KEEP_DAYS) and newsletter subscriptions nobody confirmed within "
        "--newsletter-days days (default: NEWSLETTER_UNCONFIRMED_KEEP_DAYS), with their consent "
        "records: the privacy statement keeps such data no longer than needed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start-request-days", type=int, default=settings.START_REQUESTS_KEEP_DAYS
        )
        parser.add_argument(
            "--newsletter-days", type=int, default=settings.NEWSLETTER_UNCONFIRMED_KEEP_DAYS
        )

    def handle(self, *args, start_request_days, newsletter_days, **options):
        _, per_model = StartRequest.objects.older_than(start_request_days).delete()
        self.stdout.write(f"Start requests deleted: {per_model.get('members.StartRequest', 0)}")
        expired = NewsletterSubscriber.objects.unconfirmed_older_than(newsletter_days)
        _, per_model = expired.delete()
        count = per_model.get(NewsletterSubscriber._meta.label, 0)
        self.stdout.write(f"Unconfirmed newsletter subscriptions deleted: {count}")
