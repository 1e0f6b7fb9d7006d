"""Outage drill: under load, stop PostgreSQL for a few seconds and check that the site copes.

Every page that needs the database must answer the 503 maintenance page during the outage (never
a 500 or a traceback; pages served without it, e.g. from the cache, may answer 200), `/healthz`
must answer 503, and once PostgreSQL is back the site must recover within 5 seconds
without restarting gunicorn. Exits non-zero when any of that fails.
"""

import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from kenniscentrum.benchmark_pages import benchmark_pages
from kenniscentrum.loadtest import Server

MAINTENANCE_TEXT = "Even geduld"


def fetch(url, data=None):
    """(status, body) of one request; network errors count as status 0."""
    try:
        request = urllib.request.Request(url, data=data, headers={"Accept-Language": "nl"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError:
        return 0, ""


class Load(threading.Thread):
    """Keeps requesting the pages round-robin and records every (phase, path, status)."""

    def __init__(self, base, paths, clock):
        super().__init__(daemon=True)
        self.base, self.paths, self.clock = base, paths, clock
        self.records = []
        self.stopping = threading.Event()

    def run(self):
        i = 0
        while not self.stopping.is_set():
            path = self.paths[i % len(self.paths)]
            status, body = fetch(self.base + path)
            self.records.append((self.clock(), path, status, MAINTENANCE_TEXT in body))
            i += 1


class Command(BaseCommand):
    help = "Stop PostgreSQL under load and check 503 maintenance pages and recovery."

    def add_arguments(self, parser):
        parser.add_argument("--outage", type=float, default=5.0, help="seconds without database")
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--db-stop", default="scripts/devdb.sh stop")
        parser.add_argument("--db-start", default="scripts/devdb.sh start")

    def handle(self, *args, **options):
        paths = ["/healthz"] + [path for _, path, logged_in in benchmark_pages() if not logged_in]
        server = Server(options["port"], workers=2)
        server.start()
        base = f"http://127.0.0.1:{options['port']}"
        failures = []
        phase = {"name": "before"}
        loads = [Load(base, paths, lambda: phase["name"]) for _ in range(options["threads"])]
        try:
            for load in loads:
                load.start()
            time.sleep(2)

            phase["name"] = "stopping"
            subprocess.run(options["db_stop"], shell=True, check=True, capture_output=True)
            phase["name"] = "outage"
            outage_checks = self.check_outage(base, paths)
            failures += outage_checks
            time.sleep(max(0.0, options["outage"] - 1))

            phase["name"] = "restarting"
            subprocess.run(options["db_start"], shell=True, check=True, capture_output=True)
            back_at = time.monotonic()
            phase["name"] = "recovery"
            recovered_after = self.wait_until_healthy(base, paths, limit=5.0)
            if recovered_after is None:
                failures.append("the site did not recover within 5 s after PostgreSQL came back")
            phase["name"] = "after"
            time.sleep(2)
        finally:
            for load in loads:
                load.stopping.set()
            for load in loads:
                load.join(timeout=15)
            server.stop()

        records = [record for load in loads for record in load.records]
        failures += self.check_records(records)
        self.report(records, recovered_after, back_at)
        if failures:
            for failure in failures:
                self.stderr.write(f"FAIL: {failure}")
            raise CommandError(f"{len(failures)} resilience check(s) failed")
        self.stdout.write("All resilience checks passed.")

    def check_outage(self, base, paths):
        failures = []
        time.sleep(0.5)
        for path in paths:
            status, body = fetch(base + path)
            if path == "/healthz":
                if status != 503:
                    failures.append(f"/healthz answered {status} during the outage, not 503")
            # A page that needs no database (or comes from the cache) may still answer 200;
            # any other answer must be the maintenance page.
            elif status != 200 and not (status == 503 and MAINTENANCE_TEXT in body):
                failures.append(f"{path} answered {status} during the outage, not the 503 page")
            if "Traceback" in body:
                failures.append(f"{path} showed a traceback during the outage")
        return failures

    def wait_until_healthy(self, base, paths, limit):
        start = time.monotonic()
        while time.monotonic() - start < limit:
            if all(fetch(base + path)[0] == 200 for path in paths):
                return time.monotonic() - start
            time.sleep(0.1)
        return None

    def check_records(self, records):
        failures = []
        bad = Counter(
            (phase, path, status)
            for phase, path, status, _ in records
            if status >= 500 and status != 503
        )
        for (phase, path, status), count in bad.items():
            failures.append(f"{count} x {status} on {path} ({phase})")
        dropped = sum(
            1 for phase, _, status, _ in records if status == 0 and phase in ("before", "after")
        )
        if dropped:
            failures.append(f"{dropped} requests failed at the network level outside the outage")
        unstyled = sum(
            1
            for _, path, status, styled in records
            if status == 503 and path != "/healthz" and not styled
        )
        if unstyled:
            failures.append(f"{unstyled} 503 answers without the maintenance page")
        steady = [status for phase, _, status, _ in records if phase in ("before", "after")]
        if any(status != 200 for status in steady):
            failures.append("some requests failed while the database was up")
        return failures

    def report(self, records, recovered_after, back_at):
        table = Counter((phase, status) for phase, _, status, _ in records)
        self.stdout.write(f"{'phase':12} {'status':>6} {'count':>7}")
        for (phase, status), count in sorted(table.items()):
            self.stdout.write(f"{phase:12} {status:6d} {count:7d}")
        if recovered_after is not None:
            self.stdout.write(f"Recovered {recovered_after:.2f} s after PostgreSQL was back.")
