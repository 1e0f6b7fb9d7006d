"""Soak test: minutes of load over a mix of pages; no 5xx, no socket error, worker memory flat.

gunicorn runs with the project's configuration except that workers are not recycled: recycling
would hide a leak, and a flat memory is what this test is for.
"""

import shutil
import subprocess
import tempfile
import threading
import time

from django.core.management.base import BaseCommand, CommandError

from kenniscentrum.loadtest.management.commands.benchmark import parse_wrk
from kenniscentrum.loadtest.pages import benchmark_pages
from kenniscentrum.loadtest.server import Server

# wrk walks through the paths in turn, one per request.
ROTATE_PATHS = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept-Language"] = "nl"})
end
"""


class Command(BaseCommand):
    help = "Load a mix of pages for minutes and check errors and worker memory."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=120)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--port", type=int, default=8767)
        parser.add_argument("--max-growth", type=float, default=0.10)

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt-get install wrk).")
        paths = [path for _, path, logged_in in benchmark_pages() if not logged_in]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(ROTATE_PATHS % ", ".join(f'"{p}"' for p in paths))
        server = Server(options["port"], workers=2, GUNICORN_MAX_REQUESTS="0")
        server.start()
        samples = []
        done = threading.Event()

        def sample_memory():
            while not done.wait(5):
                samples.append((time.monotonic(), sum(server.worker_rss_mb())))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        try:
            result = subprocess.run(
                [
                    "wrk", "-t2", f"-c{options['connections']}", f"-d{options['duration']}s",
                    "--latency", "-s", script.name, f"http://127.0.0.1:{options['port']}/",
                ],
                capture_output=True, text=True,
            )  # fmt: skip
        finally:
            done.set()
            sampler.join()
            server.stop()
        stats = parse_wrk(result.stdout)
        failures = []
        if stats["bad_responses"]:
            failures.append(f"{stats['bad_responses']} responses were not 2xx/3xx")
        if stats["socket_errors"]:
            failures.append(f"{stats['socket_errors']} socket errors")
        # Compare the memory after warm-up (the first third) with the end of the run.
        warm = [mb for _, mb in samples[len(samples) // 3 :]]
        growth = (warm[-1] - warm[0]) / warm[0] if len(warm) >= 2 and warm[0] else 0.0
        if growth > options["max_growth"]:
            failures.append(f"worker memory grew by {growth:.0%}")
        self.stdout.write(
            f"Soak: {options['duration']} s at {options['connections']} connections over "
            f"{len(paths)} pages: {stats['rps']:.0f} req/s, p50 {stats['p50']:.1f} ms, "
            f"p99 {stats['p99']:.1f} ms, non-2xx/3xx {stats['bad_responses']}, socket errors "
            f"{stats['socket_errors']}, memory of the workers together "
            f"{warm[0] if warm else 0:.0f} -> {warm[-1] if warm else 0:.0f} MB ({growth:+.0%})."
        )
        if failures:
            raise CommandError("; ".join(failures))
