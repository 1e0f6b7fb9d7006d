"""Measure the site's pages under load against Django's own ceiling on this machine.

Starts gunicorn with the project's configuration and production settings (DEBUG off, 2 workers,
127.0.0.1), then loads each page with wrk: requests per second, median and 99th-percentile latency,
the ratio to a minimal view that goes through the same middleware (`/ping`), and each worker's
peak memory. Machines are noisy, so the whole run is repeated and medians are reported.
"""

import json
import re
import shutil
import statistics
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from kenniscentrum.loadtest.pages import benchmark_pages, benchmark_user
from kenniscentrum.loadtest.server import Server

LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    """Requests/s, median and p99 latency (ms), socket errors and non-2xx/3xx count from wrk."""

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * LATENCY_UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "bad_responses": int(bad.group(1)) if bad else 0,
    }


def session_cookie_for(user, secret_key):
    """A logged-in session for `user`, as the login view would create it, signed with the
    server's secret key (sessions signed with another key read as logged out)."""
    from importlib import import_module

    with override_settings(SECRET_KEY=secret_key):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def check_page(port, path, cookie):
    """The page must answer 200 itself: a redirect (to the login page, say) would be measured
    instead of the page."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Accept-Language": "nl", **({"Cookie": cookie} if cookie else {})},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise CommandError(f"{path} answered {status}, not 200: nothing to measure.")


class Command(BaseCommand):
    help = "Benchmark the main pages with wrk against a minimal view (the ceiling)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=8, help="seconds per page and run")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--json", help="also write the results to this file")

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError(
                "wrk is not installed (apt-get install wrk); `make bench` installs it."
            )
        pages = [("ceiling (/ping)", "/ping", False), *benchmark_pages()]
        # The manager of the BIN whose page is measured, so Mijn BIN shows that BIN.
        user = benchmark_user() or get_user_model().objects.first()

        server = Server(options["port"], options["workers"])
        cookie = session_cookie_for(user, server.env["SECRET_KEY"]) if user else None
        server.start()
        runs = {name: [] for name, _, _ in pages}
        try:
            for _name, path, logged_in in pages:
                check_page(server.port, path, logged_in and cookie)
            for run in range(options["repeat"]):
                self.stderr.write(f"Run {run + 1} of {options['repeat']}...")
                for name, path, logged_in in pages:
                    runs[name].append(self.load(server.port, path, logged_in and cookie, options))
            memory = server.worker_peak_memory_mb()
        finally:
            server.stop()
        self.report(pages, runs, memory, options)

    def load(self, port, path, cookie, options):
        command = [
            "wrk", "-t2", f"-c{options['connections']}", f"-d{options['duration']}s", "--latency",
            "-H", "Accept-Language: nl",
        ]  # fmt: skip
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        # A short warm-up fills the caches and the connection pools before measuring.
        subprocess.run([*command[:3], "-d1s", *command[4:], f"http://127.0.0.1:{port}{path}"],
                       capture_output=True, text=True)  # fmt: skip
        result = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True
        )
        return parse_wrk(result.stdout)

    def report(self, pages, runs, memory, options):
        ceiling_runs = runs["ceiling (/ping)"]
        rows = []
        for name, path, logged_in in pages:
            measured = runs[name]
            ratios = [
                m["rps"] / c["rps"] if c["rps"] else 0
                for m, c in zip(measured, ceiling_runs, strict=True)
            ]
            rows.append(
                {
                    "page": name,
                    "path": path,
                    "logged_in": logged_in,
                    "rps": statistics.median(m["rps"] for m in measured),
                    "p50_ms": statistics.median(m["p50"] for m in measured),
                    "p99_ms": statistics.median(m["p99"] for m in measured),
                    "ratio": statistics.median(ratios),
                    "errors": sum(m["socket_errors"] + m["bad_responses"] for m in measured),
                }
            )
        header = f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'errors':>6}"
        self.stdout.write(
            f"{options['repeat']} runs x {options['duration']} s, {options['connections']} "
            f"connections, {options['workers']} gunicorn workers; medians over the runs."
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row['page'][:32]:32} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
                f"{row['p99_ms']:8.1f} {row['ratio']:6.2f} {row['errors']:6d}"
            )
        self.stdout.write("Peak memory per worker (MB): " + ", ".join(f"{m:.0f}" for m in memory))
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps({"rows": rows, "memory_mb": memory}, indent=2)
            )
