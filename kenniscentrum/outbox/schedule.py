"""The scheduler: the site's periodic commands, run at their times by `manage.py scheduler`.

Any number of nodes may run a scheduler. A job runs at most once per period across all of them:
each takes a PostgreSQL advisory lock named after the job (never waiting for it) and reads the
job's last run (`JobRun`) under that lock; a job still running elsewhere keeps its lock, so a
slow job never runs twice at once. Periods are aligned on the local clock: a job "every 60
minutes" is due once per hour from the full hour, a job "every day at 02:00" once a day from 02:00.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kenniscentrum.outbox.models import JobRun

logger = logging.getLogger(__name__)

# The first key of the two-key advisory lock: this scheduler's locks, apart from anyone else's.
LOCK_SPACE = 0x5343  # "SC"
EPOCH = datetime(2000, 1, 3)  # a Monday, local time


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple
    every: timedelta
    at: timedelta = timedelta(0)  # offset from local midnight for daily jobs

    @classmethod
    def from_setting(cls, entry):
        name, command, every_minutes, at = (*entry, "00:00")[:4]
        hours, minutes = (int(part) for part in at.split(":"))
        return cls(
            name=name,
            command=tuple(command),
            every=timedelta(minutes=every_minutes),
            at=timedelta(hours=hours, minutes=minutes),
        )

    def period_start(self, now):
        """The start of the period `now` falls in, on the local clock."""
        local = timezone.localtime(now).replace(tzinfo=None)
        origin = EPOCH + self.at
        start = origin + ((local - origin) // self.every) * self.every
        return timezone.make_aware(start)


def jobs():
    return [Job.from_setting(entry) for entry in settings.SCHEDULER_JOBS]


def _try_lock(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LOCK_SPACE, name])
        return cursor.fetchone()[0]


def _unlock(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [LOCK_SPACE, name])


def run_if_due(job, now):
    """Run `job` if its current period has no run yet; returns "ran", "failed", "done" or
    "busy" (another scheduler runs it right now)."""
    period = job.period_start(now)
    if not _try_lock(job.name):
        return "busy"
    try:
        last = JobRun.objects.filter(name=job.name).first()
        if last is not None and last.period_start >= period:
            return "done"
        # Recorded before it runs: a job that fails waits for its next period.
        JobRun.objects.update_or_create(
            name=job.name,
            defaults={
                "period_start": period,
                "started_at": timezone.now(),
                "finished_at": None,
                "succeeded": None,
                "error": "",
            },
        )
        logger.info("Scheduled job %s starts", job.name)
        try:
            call_command(*job.command)
        except Exception as error:
            logger.exception("Scheduled job %s failed", job.name)
            outcome, fields = "failed", {"succeeded": False, "error": repr(error)[:2000]}
        else:
            outcome, fields = "ran", {"succeeded": True}
        JobRun.objects.filter(name=job.name).update(finished_at=timezone.now(), **fields)
        return outcome
    finally:
        _unlock(job.name)


def run_due(now=None):
    """Run every job that is due, one after the other; returns {name: outcome}."""
    now = now or timezone.now()
    return {job.name: run_if_due(job, now) for job in jobs()}
