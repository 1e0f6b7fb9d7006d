"""Real servers for the tests that need them, started on a free loopback port and stopped after.

A test that needs a server the machine cannot run is skipped with the reason, unless
REQUIRE_SERVICES=1 (CI), where a missing server fails the run instead.
"""

import logging
import os

import pytest


def unavailable(reason):
    """Skip, or fail when the run requires every service."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


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
