"""Real servers on the loopback for the tests that need them, each on a free port, stopped after.

A test that needs a server the machine lacks is skipped with the reason, except when
REQUIRE_SERVICES=1 (as in CI): then it fails, so that nothing is silently left untested.
"""

import os

import pytest

from kenniscentrum.loadtest.smtp import LOOPBACK, SMTPServer


def require(available, reason):
    """Skip (or, with REQUIRE_SERVICES=1, fail) when a service cannot run here."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


# --- SMTP -----------------------------------------------------------------------------------


def smtp_available():
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server on the loopback; the worker's delivery backend points at it."""
    require(smtp_available(), "aiosmtpd is not installed")
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
