"""Start-up behaviour with production settings, checked in a fresh interpreter each time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DATABASE_URL": "postgres://kenniscentrum@db.example.org/kenniscentrum",
    "ALLOWED_HOSTS": "www.bin-kenniscentrum.be",
    "CSRF_TRUSTED_ORIGINS": "https://www.bin-kenniscentrum.be",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def run_manage(*args, env):
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_missing_required_setting_stops_start_up_with_one_line(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert missing in lines[0]


def test_check_deploy_passes_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_board_and_editor_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Bestuur", "Redactie"}
