from datetime import timedelta

from django.core.management.base import BaseCommand

from kenniscentrum.newsletter import mailing
from kenniscentrum.newsletter.models import NewsletterDelivery, NewsletterIssue


class Command(BaseCommand):
    help = (
        "Send every queued newsletter to the confirmed subscribers of its language, in batches. "
        "Safe to interrupt and run again: nobody gets the same issue twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="Deliveries claimed (and sent over one connection) at a time (default 100).",
        )
        parser.add_argument(
            "--retry-interrupted",
            action="store_true",
            help=(
                "Send again the deliveries an earlier run left 'sending' more than 15 minutes ago "
                "(it died between sending and recording). Check the mail server's log first: "
                "some of them may have gone out."
            ),
        )

    def handle(self, *args, batch_size, retry_interrupted, **options):
        issues = list(NewsletterIssue.objects.queued().order_by("queued_at", "pk"))
        if not issues:
            self.stdout.write("No newsletter is queued.")
            return
        for issue in issues:
            if retry_interrupted:
                released = mailing.retry_interrupted(issue, older_than=timedelta(minutes=15))
                if released:
                    self.stdout.write(
                        f"{issue}: {released} interrupted deliveries will be retried."
                    )
            sent = mailing.send_issue(issue, batch_size=batch_size, log=self.stdout.write)
            issue.refresh_from_db()
            if issue.status == NewsletterIssue.Status.SENT:
                self.stdout.write(self.style.SUCCESS(f"{issue}: done, {sent} sent in this run."))
            else:
                in_doubt = issue.deliveries.filter(status=NewsletterDelivery.Status.SENDING).count()
                self.stdout.write(
                    self.style.WARNING(
                        f"{issue}: {sent} sent in this run; {in_doubt} deliveries are in doubt "
                        "(an earlier run stopped while sending). See --retry-interrupted."
                    )
                )
