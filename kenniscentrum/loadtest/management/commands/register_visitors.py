"""Visitors registering for events at a steady rate: the benchmark's write mix, as a process of
its own beside the measured pages (kenniscentrum/loadtest/writes.py)."""

import json
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from kenniscentrum.loadtest.writes import remove_visitors, run_visitors

READY = "ready"


class Command(BaseCommand):
    help = (
        "Register fictitious visitors for random upcoming public events at a steady rate, through "
        "the registration engine, until stopped (SIGTERM, Ctrl-C) or --seconds have passed; then "
        "print what it achieved as JSON. --remove removes every such visitor again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rate", type=float, default=1.0, help="registrations per second")
        parser.add_argument("--seconds", type=float, help="stop after this long")
        parser.add_argument("--seed", type=int, help="for the choice of events")
        parser.add_argument("--run", help="marks this run's addresses (default: the time)")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, rate, seconds, seed, run, remove, **options):
        if remove:
            self.stdout.write(json.dumps(remove_visitors()))
            return
        if rate <= 0:
            raise CommandError("--rate must be above 0")
        stop = threading.Event()
        timer = threading.Timer(seconds, stop.set) if seconds is not None else None
        handlers = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                handlers[signum] = signal.signal(signum, lambda *_: stop.set())
        try:
            if timer:
                timer.start()
            # The caller starts measuring once this line arrives: Django is loaded by then.
            self.stdout.write(READY)
            self.stdout.flush()
            result = run_visitors(rate, stop.is_set, seed=seed, run=run, sleep=stop.wait)
        except ValueError as error:
            raise CommandError(str(error)) from error
        finally:
            if timer:
                timer.cancel()
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
        self.stdout.write(json.dumps(result))
