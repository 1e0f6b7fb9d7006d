import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from kenniscentrum.outbox import schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the site's periodic commands at their times (SCHEDULER_JOBS), safe on several "
        "nodes at once. --once runs what is due and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=30,
            help="Seconds between two looks at the schedule (default 30).",
        )

    def handle(self, *args, once, interval, **options):
        while True:
            close_old_connections()
            for name, outcome in schedule.run_due().items():
                if outcome in ("ran", "failed"):
                    self.stdout.write(f"{name}: {outcome}")
            if once:
                return
            time.sleep(interval)
