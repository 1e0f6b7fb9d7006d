"""Measure the site's pages under load against Django's own ceiling on this machine, while
visitors register for events.

Starts gunicorn with the project's configuration and production settings (DEBUG off, 2 workers,
127.0.0.1) and loads each page with wrk: requests per second, median and 99th-percentile latency,
and the ratio to a minimal view that goes through the same middleware (`/ping`), measured in the
same pass. The passes:

- one per write rate (`--write-rates`): meanwhile a process of its own registers visitors for
  random upcoming public events through the registration engine (`register_visitors`);
- the page cache off (`PAGE_CACHE_SECONDS=0`, a server of its own);
- the logged-in pages with the shared cache (`CACHE_URL`, or a redis-server started here).

Machines are noisy, so each pass is repeated and medians are reported. Then the knowledge-base
search is timed in this process, uncached, and the table of targets is printed. The visitors
are removed again at the end.
"""

import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

from kenniscentrum.loadtest import results
from kenniscentrum.loadtest.management.commands.register_visitors import READY
from kenniscentrum.loadtest.management.commands.search_timing import QUERIES
from kenniscentrum.loadtest.pages import benchmark_pages, benchmark_user
from kenniscentrum.loadtest.server import BASE_DIR, Server, collect_static, shared_cache
from kenniscentrum.loadtest.writes import remove_visitors

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


class Writer:
    """The write mix in a process of its own (`manage.py register_visitors`), so that it
    competes for the CPU and the database as other visitors would, not for this process."""

    def __init__(self, rate, tag):
        self.command = [
            sys.executable, "manage.py", "register_visitors", f"--rate={rate:g}", f"--run={tag}"
        ]  # fmt: skip
        self.process = None

    def start(self):
        # A session of its own: a Ctrl-C reaches the benchmark, which stops the writer.
        self.process = subprocess.Popen(
            self.command, cwd=BASE_DIR, stdout=subprocess.PIPE, text=True, start_new_session=True
        )
        if self.process.stdout.readline().strip() != READY:
            self.process.wait()
            raise CommandError("register_visitors did not start; see its output above")

    def stop(self):
        """What it achieved: registrations, refusals, seconds and the rate."""
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        lines = output.strip().splitlines()
        if self.process.returncode or not lines:
            raise CommandError(f"register_visitors failed (exit {self.process.returncode})")
        return json.loads(lines[-1])


class Pass:
    """A set of pages loaded on one server, with visitors registering at `rate` meanwhile."""

    def __init__(self, name, server, pages, rate=0):
        self.name, self.server, self.pages, self.rate = name, server, pages, rate
        self.runs, self.writes, self.memory = [], [], []

    def rows(self):
        return results.summarise(self.pages, self.runs)

    def as_json(self):
        """Every figure; read while the server runs (its workers' peak memory)."""
        self.memory = self.server.worker_peak_memory_mb()
        return {
            "rate": self.rate,
            "rows": self.rows(),
            "runs": self.runs,
            "writes": self.writes,
            "memory_mb": self.memory,
        }


def time_search(runs):
    """Each search query of `search_timing`, uncached, in this process: every time in ms."""
    client = Client()
    times = []
    with (
        override_settings(DEBUG=False, PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]),
        warnings.catch_warnings(),
    ):
        # Static files are not collected for this process, and it serves none.
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        for language, text in QUERIES:
            with translation.override(language):
                path = reverse("knowledgebase:index")
            for attempt in range(2 + runs):  # the first two warm up
                start = time.perf_counter()
                response = client.get(path, {"q": text})
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{path}?q={text} answered {response.status_code}")
                if attempt >= 2:
                    times.append(elapsed)
    return times


class Command(BaseCommand):
    help = (
        "Benchmark the main pages with wrk against a minimal view (the ceiling), with visitors "
        "registering meanwhile, with the page cache off and with the shared cache; print the "
        "targets of the issue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=4, help="seconds per page and pass")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--port", type=int, default=8765,
            help="the server with the page cache; the next two ports serve without it and "
            "with the shared cache",
        )  # fmt: skip
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--write-rates", default="0,1,5",
            help="registrations per second, one pass each (comma-separated)",
        )  # fmt: skip
        parser.add_argument("--skip-uncached", action="store_true")
        parser.add_argument(
            "--search-runs", type=int, default=15, help="per search query (0: not timed)"
        )
        parser.add_argument("--redis-port", type=int, help="default: a free one")
        parser.add_argument("--json", help="also write every figure to this file")

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError(
                "wrk is not installed (apt-get install wrk); `make bench` installs it."
            )
        try:
            rates = sorted({float(rate) for rate in options["write_rates"].split(",")})
        except ValueError as error:
            raise CommandError(f"--write-rates: {error}") from error
        # Stopped from outside (a time limit, CI), it still stops its servers and removes its
        # visitors, as after a Ctrl-C.
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
        started = time.monotonic()
        # Visitors of an interrupted run go first, so that they cannot count in this one.
        remove_visitors()
        search_times = []
        if options["search_runs"]:
            self.stderr.write("Timing the knowledge-base search in the process...")
            search_times = time_search(options["search_runs"])

        pages = [results.CEILING, *benchmark_pages()]
        logged_in_pages = [page for page in pages if page[2]]
        # The manager of the BIN whose page is measured, so Mijn BIN shows that BIN.
        user = benchmark_user() or get_user_model().objects.first()
        static_root = tempfile.mkdtemp(prefix="bench-static-")
        port, workers = options["port"], options["workers"]
        with_cache = Server(port, workers, static_root)
        cookie = session_cookie_for(user, with_cache.env["SECRET_KEY"]) if user else None
        writes = [Pass(f"{rate:g} registrations/s", with_cache, pages, rate) for rate in rates]
        uncached = shared = redis = None
        try:
            if not options["skip_uncached"]:
                server = Server(port + 1, workers, static_root, PAGE_CACHE_SECONDS="0")
                uncached = Pass("page cache off", server, pages)
            if logged_in_pages:
                cache_url, redis = shared_cache(options["redis_port"])
                environment = {"CACHE_URL": cache_url} if cache_url else {}
                server = Server(port + 2, workers, static_root, **environment)
                label = "shared cache" if cache_url else "local memory (no redis-server)"
                shared = Pass(label, server, [results.CEILING, *logged_in_pages])
            passes = [each for each in [*writes, uncached, shared] if each]
            self.run_passes(passes, cookie, options, with_cache.env)
            report = {each.name: each.as_json() for each in passes}
        finally:
            for each in [with_cache, uncached and uncached.server, shared and shared.server]:
                if each:
                    each.stop()
            if redis:
                redis.close()
            shutil.rmtree(static_root, ignore_errors=True)
            removed = remove_visitors()
        targets = results.issue_targets(
            {each.rate: each.rows() for each in writes},
            uncached.rows() if uncached else None,
            shared.rows() if shared else None,
            results.percentile(search_times, 95),
            connections=options["connections"],
            shared_label=shared.name if shared else "shared cache",
        )
        self.report(passes, targets, search_times, removed, options, time.monotonic() - started)
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps(
                    {
                        "options": {k: options[k] for k in ("duration", "connections", "repeat",
                                                            "workers", "write_rates")},
                        "passes": report,
                        "search_ms": search_times,
                        "targets": targets,
                        "removed": removed,
                        "seconds": round(time.monotonic() - started),
                    },
                    indent=2,
                )
            )  # fmt: skip

    def run_passes(self, passes, cookie, options, environment):
        collect_static(environment)
        for server in {id(each.server): each.server for each in passes}.values():
            server.start()
        for each in passes:
            for _name, path, logged_in in each.pages:
                check_page(each.server.port, path, logged_in and cookie)
        tag = f"{int(time.time())}"
        for run in range(options["repeat"]):
            for each in passes:
                self.stderr.write(f"Run {run + 1} of {options['repeat']}: {each.name}...")
                self.measure(each, cookie, options, tag=f"{tag}-{run}")

    def measure(self, each, cookie, options, tag):
        writer = Writer(each.rate, f"{tag}-{each.rate:g}") if each.rate else None
        if writer:
            writer.start()
        try:
            each.runs.append(
                {
                    name: self.load(each.server.port, path, logged_in and cookie, options)
                    for name, path, logged_in in each.pages
                }
            )
        finally:
            if writer:
                each.writes.append(writer.stop())

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

    def report(self, passes, targets, search_times, removed, options, seconds):
        self.stdout.write(
            f"{options['repeat']} runs x {options['duration']} s per page and pass, "
            f"{options['connections']} connections, {options['workers']} gunicorn workers; "
            f"medians over the runs; ratios to /ping in the same pass. {seconds / 60:.1f} min."
        )
        for each in passes:
            self.stdout.write("")
            self.stdout.write(f"== {each.name}{self.writes_summary(each)}")
            for line in results.format_rows(each.rows()):
                self.stdout.write(line)
        memory = passes[0].memory
        self.stdout.write("")
        self.stdout.write("Peak memory per worker (MB): " + ", ".join(f"{m:.0f}" for m in memory))
        if search_times:
            self.stdout.write(
                f"Knowledge-base search in the process, page cache off: {len(search_times)} "
                f"requests over {len(QUERIES)} queries, median "
                f"{statistics.median(search_times):.1f} ms, "
                f"p95 {results.percentile(search_times, 95):.1f} ms."
            )
        self.stdout.write(
            f"Removed afterwards: {removed['registrations']} registrations of the benchmark's "
            f"visitors and the {removed['emails']} e-mails they queued."
        )
        self.stdout.write("")
        for line in results.format_targets(targets):
            self.stdout.write(line)

    def writes_summary(self, each):
        if not each.writes:
            return ""
        achieved = statistics.median(w["rate"] for w in each.writes)
        refused = sum(w["refused"] for w in each.writes)
        return (
            f" (achieved {achieved:.2f} registrations/s, median over the runs"
            f"{f'; {refused} refused' if refused else ''})"
        )
