"""Operators can see what happens: request ids, JSON logs, error reports, quiet outages.

The settings' wiring (LOG_FORMAT, SENTRY_DSN) is read at start-up, so those cases run the site
in a fresh interpreter with the variables set; Sentry reports to a small HTTP server on the
loopback, as it would to sentry.io.
"""

import gzip
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core import mail

ROOT = Path(__file__).resolve().parents[2]
OBSERVED_URLS = "tests.kenniscentrum.observed_urls"


# --- request ids ----------------------------------------------------------------------------


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/ping")["X-Request-ID"]
    second = client.get("/ping")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_request_id_from_the_client_is_ignored_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    response = client.get("/ping", HTTP_X_REQUEST_ID="chosen-by-the-client")
    assert response["X-Request-ID"] != "chosen-by-the-client"


def test_the_proxys_request_id_is_kept_behind_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/ping", HTTP_X_REQUEST_ID="nginx-4f2a9c")
    assert response["X-Request-ID"] == "nginx-4f2a9c"


def test_a_malformed_request_id_is_replaced(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/ping", HTTP_X_REQUEST_ID='x" injected=1')
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


# --- no e-mail flood during a database outage -------------------------------------------------


@pytest.mark.urls(OBSERVED_URLS)
def test_a_database_outage_mails_no_admin_but_a_bug_does(client, settings, caplog):
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    client.raise_request_exception = False
    for _ in range(25):
        assert client.get("/down/").status_code == 503
    assert mail.outbox == []
    outage = [r for r in caplog.records if r.name == "django.request"]
    assert len(outage) == 25
    assert {r.levelname for r in outage} == {"WARNING"}

    # The error channel still works for what is a bug.
    assert client.get("/bug/").status_code == 500
    assert len(mail.outbox) == 1
    assert "a deliberate bug" in mail.outbox[0].body


# --- the site in a fresh interpreter ----------------------------------------------------------


def run_site(script, **env):
    """Run `script` in a fresh Django process with `env` added; returns the finished process.
    The script gets `client`, a test client for OBSERVED_URLS."""
    prelude = (
        "from django.test import Client, override_settings\n"
        f"override_settings(ROOT_URLCONF={OBSERVED_URLS!r}).enable()\n"
        "client = Client(raise_request_exception=False, HTTP_HOST='localhost')\n"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SENTRY_", "LOG_", "DISABLE_SERVER_SIDE"))
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", prelude + script],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_json_logs_carry_the_request_id_and_one_access_line_per_request():
    result = run_site(
        "client.get('/logs/?email=someone@example.org', HTTP_X_REQUEST_ID='proxy-id-1')\n"
        "client.get('/missing/')\n",
        LOG_FORMAT="json",
        TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    logged = next(entry for entry in lines if entry["message"] == "something worth a look")
    assert logged["request_id"] == "proxy-id-1"
    assert logged["level"] == "WARNING"
    assert logged["logger"] == "kenniscentrum.observed"
    access = [entry for entry in lines if entry["logger"] == "kenniscentrum.access"]
    assert [(a["method"], a["path"], a["status"]) for a in access] == [
        ("GET", "/logs/", 200),
        ("GET", "/missing/", 404),
    ]
    assert access[0]["request_id"] == "proxy-id-1"
    assert re.fullmatch(r"[0-9a-f]{32}", access[1]["request_id"])
    assert all(isinstance(a["duration_ms"], float) for a in access)
    # Neither the client's address nor what a visitor typed reaches the log.
    assert "127.0.0.1" not in result.stderr
    assert "someone@example.org" not in result.stderr


def test_plain_logs_leave_the_access_log_to_gunicorn():
    result = run_site("client.get('/logs/')\n")
    assert result.returncode == 0, result.stderr
    assert "something worth a look" in result.stderr
    assert "GET /logs/" not in result.stderr


class SentryIngest(BaseHTTPRequestHandler):
    """Accepts what the Sentry SDK sends (envelopes) and keeps their items."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.received.append((self.path, body.decode()))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def loopback_server(handler, ports=range(7400, 7500)):
    for port in ports:
        try:
            return ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            continue
    raise RuntimeError("no free port in 7400-7499")


@pytest.fixture
def sentry_server():
    server = loopback_server(SentryIngest)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_with_sentry_an_unhandled_error_is_reported_there_and_not_mailed(sentry_server):
    port = sentry_server.server_address[1]
    result = run_site(
        "from django.core import mail\n"
        "import sentry_sdk\n"
        # The value is split so that the script's own text, which Sentry also sees, lacks it.
        "with override_settings(DEBUG=False):\n"
        "    response = client.get('/bug/', HTTP_COOKIE='sessionid=secret-' + 'session')\n"
        "sentry_sdk.flush(timeout=10)\n"
        "print('status', response.status_code, 'mails', len(getattr(mail, 'outbox', [])))\n",
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42",
        SENTRY_ENVIRONMENT="test-cluster",
        ADMINS="beheer@example.org",
        EMAIL_URL="memorymail://",
    )
    assert result.returncode == 0, result.stderr
    assert "status 500 mails 0" in result.stdout
    paths = {path for path, _ in sentry_server.received}
    assert paths == {"/api/42/envelope/"}
    events = [
        json.loads(line)
        for _, body in sentry_server.received
        for line in body.splitlines()
        if '"exception"' in line
    ]
    assert len(events) == 1
    (exception,) = events[0]["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "a deliberate bug")
    assert events[0]["environment"] == "test-cluster"
    assert exception["stacktrace"]["frames"][-1]["function"] == "raises_a_bug"
    everything = "".join(body for _, body in sentry_server.received)
    assert "secret-session" not in everything
    assert "127.0.0.1" not in everything.replace(f"127.0.0.1:{port}", "")


# --- PgBouncer in transaction mode --------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(None, "False"), ("1", "True"), ("0", "False")])
def test_disable_server_side_cursors_comes_from_the_environment(value, expected):
    env = {} if value is None else {"DISABLE_SERVER_SIDE_CURSORS": value}
    result = run_site(
        "from django.db import connection\n"
        "print('cursors off:', connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'])\n",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert f"cursors off: {expected}" in result.stdout
