"""The scheduler runs each job once per period, however many nodes run it at once."""

import threading
from datetime import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kenniscentrum.outbox import schedule
from kenniscentrum.outbox.models import JobRun


def at(text):
    return timezone.make_aware(datetime.fromisoformat(text))


def marker_job(path, every=60, sleep=0.0):
    """A job whose every run leaves a line in `path` (and takes `sleep` seconds)."""
    code = f"import time; open({str(path)!r}, 'a').write('run\\n'); time.sleep({sleep})"
    return ("marker", ["shell", "-v", "0", "-c", code], every)


def runs(path):
    return path.read_text().count("run") if path.exists() else 0


def test_periods_follow_the_local_clock():
    hourly = schedule.Job.from_setting(("h", ["x"], 60))
    nightly = schedule.Job.from_setting(("n", ["x"], 24 * 60, "02:30"))
    assert hourly.period_start(at("2026-03-10 14:59:59")) == at("2026-03-10 14:00")
    assert nightly.period_start(at("2026-03-10 02:29")) == at("2026-03-09 02:30")
    assert nightly.period_start(at("2026-03-10 02:30")) == at("2026-03-10 02:30")


@pytest.mark.django_db
def test_a_job_runs_once_per_period(settings, tmp_path):
    path = tmp_path / "runs.txt"
    settings.SCHEDULER_JOBS = [marker_job(path)]

    assert schedule.run_due(at("2026-03-10 14:05")) == {"marker": "ran"}
    assert schedule.run_due(at("2026-03-10 14:55")) == {"marker": "done"}
    assert schedule.run_due(at("2026-03-10 15:00")) == {"marker": "ran"}
    assert runs(path) == 2
    assert JobRun.objects.get(name="marker").succeeded is True


@pytest.mark.django_db(transaction=True)  # the command closes stale connections, as a node does
def test_scheduler_once_runs_the_configured_commands(settings, tmp_path):
    path = tmp_path / "runs.txt"
    settings.SCHEDULER_JOBS = [marker_job(path)]
    call_command("scheduler", once=True)
    call_command("scheduler", once=True)
    assert runs(path) == 1


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(settings, tmp_path):
    path = tmp_path / "runs.txt"
    settings.SCHEDULER_JOBS = [("broken", ["no_such_command"], 60), marker_job(path)]
    assert schedule.run_due() == {"broken": "failed", "marker": "ran"}
    assert JobRun.objects.get(name="broken").succeeded is False


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_racing_run_a_slow_job_once(settings, tmp_path):
    path = tmp_path / "runs.txt"
    settings.SCHEDULER_JOBS = [marker_job(path, sleep=1.0)]
    now = timezone.now()
    outcomes = []
    start = threading.Barrier(2)

    def scheduler():
        try:
            start.wait()
            outcomes.append(schedule.run_due(now)["marker"])
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert runs(path) == 1
    assert sorted(outcomes) in (["busy", "ran"], ["done", "ran"])
    # Once it finished, a later look in the same period still does not run it again.
    assert schedule.run_due(now) == {"marker": "done"}
    assert runs(path) == 1
