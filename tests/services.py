"""Real servers on the loopback for the tests that need them, each on a free port, stopped after.

A test that needs a server the machine cannot run is skipped with the reason, except when
REQUIRE_SERVICES=1 (as in CI): then it fails, so that nothing is silently left untested.
"""

import logging
import os
import shutil

import pytest

from kenniscentrum.loadtest.services import RedisServer, free_port
from kenniscentrum.loadtest.smtp import LOOPBACK, SMTPServer


def unavailable(reason):
    """Skip, or fail when the run requires every service."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def require_binary(name):
    """The binary's path; without it the test is skipped (or fails under REQUIRE_SERVICES=1)."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed (scripts/system-packages.sh installs it)")
    return path


# --- Redis: Debian's redis-server -------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server():
    """A redis-server for the session, with `.url`, `.stop()` and `.start()` (same port, empty),
    so that a test can take Redis away and bring it back."""
    server = RedisServer(require_binary("redis-server"), free_port())
    server.start()
    yield server
    server.close()


@pytest.fixture
def redis_cache(redis_server, settings):
    """The site's default cache on the test Redis, configured as in production
    (`kenniscentrum.lib.sharedcache`), emptied before the test and restored after it."""
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


# --- S3: moto's S3 server, a real HTTP server speaking the S3 API ---------------------------


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of an S3 server on the loopback, for the whole test session."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        unavailable(f"moto's S3 server is not installed ({error})")
    # One log line per request would bury the test output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
        host, port = server.get_host_and_port()
    except OSError as error:
        unavailable(f"moto's S3 server cannot start ({error})")
    yield f"http://{host}:{port}"
    server.stop()


# --- SMTP: aiosmtpd, recording every message and connection ---------------------------------


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server on the loopback; the worker's delivery backend points at it."""
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        unavailable("aiosmtpd is not installed")
    server = SMTPServer()
    server.start()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = LOOPBACK
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
