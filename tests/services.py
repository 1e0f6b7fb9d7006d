"""Real servers for the tests, started on a free loopback port and stopped afterwards.

`redis_server`: a redis-server of Debian's package (session-wide), with `.url`, `.stop()` and
`.start()` (same port, empty), so that a test can take Redis away and bring it back. Skipped when
the binary is missing, unless REQUIRE_SERVICES=1 (CI), where a missing binary fails.
`redis_cache`: the site's default cache pointed at that server, configured as in production
(`kenniscentrum.lib.sharedcache`), emptied before the test and restored after it.

Loaded for every test by tests/conftest.py.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest


def require_binary(name):
    """The binary's path; skips the test without it, fails instead under REQUIRE_SERVICES=1."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/system-packages.sh installs it)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


class RedisServer:
    """One redis-server on the loopback, without persistence (a restart starts empty)."""

    def __init__(self, binary, port):
        self.binary, self.port = binary, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.folder = tempfile.mkdtemp(prefix="test-redis-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", self.folder, "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def close(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer(require_binary("redis-server"), free_port())
    server.start()
    yield server
    server.close()


@pytest.fixture
def redis_cache(redis_server, settings):
    """The default cache on the test Redis, as production configures it."""
    from django.core.cache import cache

    from kenniscentrum.lib.sharedcache import cache_config

    if not redis_server.running:
        redis_server.start()
    settings.CACHES = {"default": cache_config(redis_server.url)}
    cache.clear()
    yield cache
    if not redis_server.running:  # a test that stopped Redis leaves it running for the next
        redis_server.start()
    cache.clear()
    cache.close()
