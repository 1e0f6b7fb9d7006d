"""Running the site under gunicorn for load, outage and soak tests (used by management commands)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from kenniscentrum.lib.sharedcache import cache_config, is_shared
from kenniscentrum.loadtest.services import RedisServer, free_port

BASE_DIR = Path(settings.BASE_DIR)


class Server:
    """gunicorn with the project's config, production settings and the given database.

    Given a `static_root` that already holds the collected static files (several nodes share
    one), the server uses it as it is; otherwise it collects them into a folder of its own.
    """

    def __init__(self, port, workers, static_root=None, log_path=None, **environment):
        self.port = port
        self.workers = workers
        self.collect_static = static_root is None
        self.static_root = static_root or tempfile.mkdtemp(prefix="bench-static-")
        log_path = log_path or Path(tempfile.gettempdir()) / f"bench-gunicorn-{port}.log"
        self.log = open(log_path, "w")
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": self.static_root,
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "EMAIL_URL": "dummymail://",
            **environment,
        }
        self.process = None

    def start(self):
        if self.collect_static:
            collect_static(self.env)
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        # A session of its own: a Ctrl-C reaches the command that started it, which stops it.
        self.process = subprocess.Popen(
            [*gunicorn, "kenniscentrum.wsgi:application"],
            cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise CommandError("gunicorn did not start; see " + self.log.name)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_peak_memory_mb(self):
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return peaks

    def worker_rss_mb(self):
        """Current resident memory of each worker (workers are recycled, so pids change)."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.collect_static:
            shutil.rmtree(self.static_root, ignore_errors=True)
        self.log.close()


def collect_static(env):
    """collectstatic with the given environment (its STATIC_ROOT), as the image build does."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR, env=env, check=True,
    )  # fmt: skip


def shared_cache(redis_port=None):
    """(URL, Redis started here or None) of the shared cache for a server under test:
    `CACHE_URL` when it names one, otherwise a redis-server started on the loopback (the caller
    closes it); (None, None) when neither exists."""
    url = os.environ.get("CACHE_URL", "")
    if url and is_shared(cache_config(url)):
        return url, None
    binary = shutil.which("redis-server")
    if binary is None:
        return None, None
    redis = RedisServer(binary, redis_port or free_port())
    redis.start()
    return redis.url, redis
