import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kenniscentrum.loadtest import scale


class Command(BaseCommand):
    help = (
        "Fill the database with the volumes of a real national site (fictitious data) for the "
        "benchmark; adds only what is missing (DEBUG only)."
    )

    def add_arguments(self, parser):
        for kind, default in scale.DEFAULT_SIZES.items():
            parser.add_argument(f"--{kind}", type=int, default=default, help=f"default {default}")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Twenty thousand accounts with one known password must never reach production.
            raise CommandError("seed_scale only runs with DEBUG on: its accounts share a password.")
        sizes = {kind: options[kind] for kind in scale.DEFAULT_SIZES}
        started = time.monotonic()
        try:
            created = scale.seed(sizes, log=self.stderr.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        took = time.monotonic() - started
        if any(created.values()):
            self.stdout.write(f"Scale data added in {took:.0f} s: {scale.counts()}")
        else:
            self.stdout.write(f"Scale data already present: {scale.counts()}")
