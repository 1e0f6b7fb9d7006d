from django.core.management.base import BaseCommand

from kenniscentrum.site.metrics import log_figures


class Command(BaseCommand):
    help = (
        "Write the page-cache hit rate and the depth of the work queues (the figures of /metrics) "
        "as one log line; run it every minute or so from the scheduler or cron."
    )

    def handle(self, *args, **options):
        log_figures()
