"""Outage drill: under load, stop PostgreSQL for a few seconds and check that the site copes.

Every page that needs the database must answer the 503 maintenance page during the outage (never
a 500 or a traceback; pages served without it, e.g. from the cache, may answer 200), `/healthz`
must answer 503, and once PostgreSQL is back the site must recover within 5 seconds
without restarting gunicorn. Meanwhile visitors keep registering for a public event, each with
their own address: afterwards every address has at most one registration, every registration
that was confirmed to its visitor is stored, and every visitor who was not told "registered" got
the maintenance page, which asks to try again.

It runs with a shared cache, as production does: `CACHE_URL` when it names one, otherwise a
redis-server it starts on the loopback. Public pages already in that cache must still reach
anonymous visitors during the outage, marked as possibly out of date (`X-Page-Cache: stale`, and
the notice in the page); the drill counts them. Exits non-zero when any of that fails.
"""

import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from events.models import Event, Registration
from events.site import sample_event
from kenniscentrum.loadtest.pages import benchmark_pages
from kenniscentrum.loadtest.server import Server, shared_cache

MAINTENANCE_TEXT = "Even geduld"
STALE_NOTICE_TEXT = "Deze pagina is misschien niet meer actueel"


def fetch(url, data=None):
    """(status, body, stale) of one request, `stale` when the page came from the cache marked
    as possibly out of date; network errors count as status 0."""
    try:
        request = urllib.request.Request(url, data=data, headers={"Accept-Language": "nl"})
        with urllib.request.urlopen(request, timeout=10) as response:
            stale = response.headers.get("X-Page-Cache") == "stale"
            return response.status, response.read().decode(errors="replace"), stale
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), False
    except OSError:
        return 0, "", False


class Load(threading.Thread):
    """Keeps requesting the pages round-robin and records every (phase, path, status, maintenance
    page?, stale page?)."""

    def __init__(self, base, paths, clock):
        super().__init__(daemon=True)
        self.base, self.paths, self.clock = base, paths, clock
        self.records = []
        self.stopping = threading.Event()

    def run(self):
        i = 0
        while not self.stopping.is_set():
            path = self.paths[i % len(self.paths)]
            status, body, stale = fetch(self.base + path)
            self.records.append((self.clock(), path, status, MAINTENANCE_TEXT in body, stale))
            i += 1


# The drill's visitors: fictitious, and removed again afterwards.
DRILL_EMAIL = "storingsoefening-{n}@example.org"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def remove_drill_registrations():
    """Remove the drill's registrations; the seat counters of their events are set again."""
    drill = Registration.objects.filter(email__startswith="storingsoefening-")
    event_ids = list(drill.values_list("event_id", flat=True).distinct())
    drill.delete()
    Event.objects.filter(pk__in=event_ids).recount()


class Registrations(threading.Thread):
    """Visitors registering for `event_path` one after the other, each with a new address.

    Records (phase, e-mail, outcome) with outcome "registered" (the redirect back to the event
    that tells the visitor they are registered), "maintenance" (the 503 page) or what else came.
    """

    def __init__(self, base, event_path, clock):
        super().__init__(daemon=True)
        self.base, self.event_path, self.clock = base, event_path, clock
        self.records = []
        self.stopping = threading.Event()
        self.opener = urllib.request.build_opener(NoRedirect)
        with self.opener.open(base + event_path, timeout=10) as response:
            page = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", ""))
        # Sent by hand: the cookie is marked Secure, and the drill talks plain HTTP.
        self.cookie = f"csrftoken={cookie.group(1)}"
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def register(self, n):
        email = DRILL_EMAIL.format(n=n)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.token, "name": f"Oefening {n}", "email": email}
        ).encode()
        request = urllib.request.Request(
            f"{self.base}{self.event_path}inschrijven/",
            data=data,
            # Each visitor from their own address, as in life: the per-address limit on
            # registrations must not be what refuses them.
            headers={
                "Accept-Language": "nl",
                "Cookie": self.cookie,
                "X-Forwarded-For": f"10.99.{n // 250 % 250}.{n % 250}",
            },
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return email, f"{response.status}"
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            if error.code == 302 and error.headers.get("Location", "").endswith(self.event_path):
                return email, "registered"
            if error.code == 503 and MAINTENANCE_TEXT in body:
                return email, "maintenance"
            return email, f"{error.code}"
        except OSError as error:
            return email, f"network error ({error})"

    def run(self):
        n = 0
        while not self.stopping.is_set():
            phase = self.clock()
            email, outcome = self.register(n)
            self.records.append((phase, email, outcome))
            n += 1
            time.sleep(0.02)


class Command(BaseCommand):
    help = "Stop PostgreSQL under load and check 503 maintenance pages and recovery."

    def add_arguments(self, parser):
        parser.add_argument("--outage", type=float, default=5.0, help="seconds without database")
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--db-stop", default="scripts/devdb.sh stop")
        parser.add_argument("--db-start", default="scripts/devdb.sh start")
        parser.add_argument(
            "--redis-port",
            type=int,
            help="for the Redis it starts without CACHE_URL (default: a free one)",
        )

    def shared_cache_url(self, redis_port):
        """CACHE_URL when it names a shared cache; otherwise a Redis started here (self.redis)."""
        url, self.redis = shared_cache(redis_port)
        if url is None:
            raise CommandError("redis-server is not installed (scripts/system-packages.sh)")
        return url

    def handle(self, *args, **options):
        paths = ["/healthz"] + [path for _, path, logged_in in benchmark_pages() if not logged_in]
        self.redis = None
        cache_url = self.shared_cache_url(options["redis_port"])
        self.stdout.write(f"Shared cache: {cache_url}")
        # The registering visitors each come from their own address (X-Forwarded-For, as a
        # proxy would send it): with the limits counted in the shared cache across workers, the
        # per-address limit would otherwise refuse them all after the tenth.
        server = Server(options["port"], workers=2, CACHE_URL=cache_url, TRUSTED_PROXY_COUNT="1")
        try:
            server.start()
        except CommandError:
            self.stop_redis()
            raise
        base = f"http://127.0.0.1:{options['port']}"
        failures = []
        phase = {"name": "before"}
        loads = [Load(base, paths, lambda: phase["name"]) for _ in range(options["threads"])]
        event = sample_event()
        if event is None:
            server.stop()
            self.stop_redis()
            raise CommandError("No public event open for registration: run seed_demo first.")
        remove_drill_registrations()
        registrations = Registrations(base, event.get_absolute_url(), lambda: phase["name"])
        try:
            registrations.start()
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
            for load in [*loads, registrations]:
                load.stopping.set()
            for load in [*loads, registrations]:
                load.join(timeout=15)
            server.stop()
            self.stop_redis()

        records = [record for load in loads for record in load.records]
        failures += self.check_records(records)
        self.report(records, recovered_after, back_at)
        failures += self.check_registrations(registrations.records)
        if failures:
            for failure in failures:
                self.stderr.write(f"FAIL: {failure}")
            raise CommandError(f"{len(failures)} resilience check(s) failed")
        self.stdout.write("All resilience checks passed.")

    def stop_redis(self):
        if self.redis is not None:
            self.redis.close()

    def check_outage(self, base, paths):
        failures = []
        time.sleep(0.5)
        for path in paths:
            status, body, stale = fetch(base + path)
            if path == "/healthz":
                if status != 503:
                    failures.append(f"/healthz answered {status} during the outage, not 503")
            elif status == 200 and not (stale and STALE_NOTICE_TEXT in body):
                failures.append(f"{path} answered 200 during the outage without the stale notice")
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
            for phase, path, status, *_ in records
            if status >= 500 and status != 503
        )
        for (phase, path, status), count in bad.items():
            failures.append(f"{count} x {status} on {path} ({phase})")
        dropped = sum(
            1 for phase, _, status, *_ in records if status == 0 and phase in ("before", "after")
        )
        if dropped:
            failures.append(f"{dropped} requests failed at the network level outside the outage")
        unstyled = sum(
            1
            for _, path, status, styled, _ in records
            if status == 503 and path != "/healthz" and not styled
        )
        if unstyled:
            failures.append(f"{unstyled} 503 answers without the maintenance page")
        steady = [status for phase, _, status, *_ in records if phase in ("before", "after")]
        if any(status != 200 for status in steady):
            failures.append("some requests failed while the database was up")
        if not any(stale for phase, *_, stale in records if phase == "outage"):
            failures.append("no cached page reached a visitor during the outage")
        return failures

    def check_registrations(self, records):
        """None lost silently, none stored twice; everyone else was asked to try again."""
        if not connection.in_atomic_block:
            connection.close()  # this process's connection died with the server
        stored = Counter(
            Registration.objects.filter(email__startswith="storingsoefening-").values_list(
                "email", flat=True
            )
        )
        failures = []
        outcomes = Counter((phase, outcome) for phase, _, outcome in records)
        self.stdout.write("Registrations during the drill:")
        for (phase, outcome), count in sorted(outcomes.items()):
            self.stdout.write(f"  {phase:12} {outcome:12} {count:5d}")
        twice = [email for email, count in stored.items() if count > 1]
        if twice:
            failures.append(f"{len(twice)} addresses were registered more than once")
        lost = [e for _, e, outcome in records if outcome == "registered" and not stored[e]]
        if lost:
            failures.append(f"{len(lost)} registrations confirmed to the visitor were not stored")
        unexplained = [
            (phase, outcome)
            for phase, _, outcome in records
            if outcome not in ("registered", "maintenance")
        ]
        if unexplained:
            failures.append(
                f"{len(unexplained)} registrations got neither a confirmation nor the "
                f"maintenance page: {Counter(unexplained).most_common(3)}"
            )
        refused_while_up = [
            outcome
            for phase, _, outcome in records
            if phase in ("before", "after") and outcome != "registered"
        ]
        if refused_while_up:
            failures.append(
                f"{len(refused_while_up)} registrations failed while the database was up: "
                f"{Counter(refused_while_up).most_common(3)}"
            )
        told_to_retry_but_stored = sum(
            1 for _, e, outcome in records if outcome == "maintenance" and stored[e]
        )
        during = sum(1 for phase, _, _ in records if phase != "before" and phase != "after")
        if not during:
            failures.append("no registration was attempted during the outage")
        self.stdout.write(
            f"{len(records)} registrations tried, {sum(stored.values())} stored, "
            f"{during} during the outage; {told_to_retry_but_stored} stored although the visitor "
            "was asked to try again (trying again finds the registration)."
        )
        remove_drill_registrations()
        return failures

    def report(self, records, recovered_after, back_at):
        table = Counter(
            (phase, f"{status} stale" if stale else str(status))
            for phase, _, status, _, stale in records
        )
        self.stdout.write(f"{'phase':12} {'status':>9} {'count':>7}")
        for (phase, status), count in sorted(table.items()):
            self.stdout.write(f"{phase:12} {status:>9} {count:7d}")
        pages = [record for record in records if record[0] == "outage" and record[1] != "/healthz"]
        stale = sum(1 for *_, is_stale in pages if is_stale)
        self.stdout.write(
            f"During the outage, {stale} of {len(pages)} page requests got a cached page marked "
            f"as possibly out of date (200) instead of the maintenance page."
        )
        if recovered_after is not None:
            self.stdout.write(f"Recovered {recovered_after:.2f} s after PostgreSQL was back.")
