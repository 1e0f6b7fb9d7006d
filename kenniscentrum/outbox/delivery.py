"""Delivery of the outbox by the worker: batches, one connection each, retries with backoff.

Exactly once: a batch is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` and marked "sending"
in its own transaction, so two workers never take the same row; each row is marked "sent" right
after the mail server accepted it, so a batch that fails half-way gives back only the rest. A row
can stay "sending" only when the worker died between the server's answer and the record: it is
not resent by itself (see `OutboxMessage.objects.stuck()` and the admin's retry).
"""

import io
import logging
import smtplib
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kenniscentrum.outbox.models import OutboxMessage, backoff

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status


@task()
def deliver_outbox():
    """The worker's task: send every message that is due. Returns the counts, kept with the
    task's result."""
    return deliver()


# --- enqueueing -----------------------------------------------------------------------------


def _waiting(run_after=None):
    """A delivery task not started yet that runs no later than `run_after` (None: now)."""
    return DBTaskResult.objects.filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=run_after or timezone.now()),
        task_path=deliver_outbox.module_path,
        status=TaskResultStatus.READY,
    ).exists()


def enqueue_delivery(run_after=None):
    """Have a worker deliver the outbox (at `run_after`), unless a task already waits that will.

    Called once the messages are committed: a waiting task that a worker picks up after this
    check therefore sees them."""
    if not _waiting(run_after):
        deliver_outbox.using(run_after=run_after).enqueue()


def schedule_delivery():
    """Enqueue a delivery once the current transaction commits (at once outside one); once per
    transaction however many messages it stores (a cancelled event mails everyone)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is enqueue_delivery for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(enqueue_delivery)


def ensure_delivery():
    """The safety net the scheduler runs: a task for due messages that have none (the process
    that stored them stopped between its commit and its enqueue)."""
    if OutboxMessage.objects.due().exists():
        enqueue_delivery()


def work_through_queue():
    """What `manage.py db_worker --batch` does on a node, in this process (drills and tests):
    the scheduler's safety net enqueues a delivery for due messages, then every ready task runs."""
    ensure_delivery()
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=0,
        stdout=io.StringIO(),
    )


# --- delivering -----------------------------------------------------------------------------


def claim_batch(size):
    """Take up to `size` due messages for this worker; other workers skip them."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.due()
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=Status.SENDING, claimed_at=timezone.now()
        )
    return list(OutboxMessage.objects.filter(pk__in=ids).order_by("pk"))


def _mark_sent(row):
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=Status.SENT, sent_at=timezone.now(), attempts=row.attempts + 1, last_error=""
    )


def _mark_failed(row, error):
    """A permanent failure: every recipient refused, or a message that cannot be built."""
    logger.warning("E-mail %s to %s failed for good: %s", row.pk, row.recipients, error)
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=Status.FAILED, attempts=row.attempts + 1, last_error=str(error)[:2000]
    )


def _defer(rows, error):
    """The mail server could not be reached or failed: try these again later, each after its
    own backoff, and give up after OUTBOX_MAX_ATTEMPTS."""
    now = timezone.now()
    # One update per attempt count, not per row: a batch of 100 put off costs one query.
    by_attempts = defaultdict(list)
    for row in rows:
        by_attempts[row.attempts + 1].append(row.pk)
    for attempts, ids in by_attempts.items():
        gave_up = attempts >= settings.OUTBOX_MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=Status.FAILED if gave_up else Status.PENDING,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            claimed_at=None,
            last_error=str(error)[:2000],
        )
    logger.warning("Mail server failed, %d e-mails deferred: %s", len(rows), error)


def send_batch(rows):
    """Send claimed rows over one connection; returns (sent, failed, deferred)."""
    sent = failed = 0
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    try:
        connection.open()
    except Exception as error:
        _defer(rows, error)
        return 0, 0, len(rows)
    try:
        for index, row in enumerate(rows):
            try:
                message = row.email_message()
            except Exception as error:
                _mark_failed(row, error)
                failed += 1
                continue
            try:
                connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as error:
                # Every recipient refused: trying again will not change the answer.
                _mark_failed(row, error)
                failed += 1
                continue
            except Exception as error:
                _defer(rows[index:], error)
                return sent, failed, len(rows) - index
            _mark_sent(row)
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # the server already went away; what it accepted is recorded
            logger.info("Closing the mail connection failed", exc_info=True)
    return sent, failed, 0


def deliver(batch_size=None):
    """Send every due message, batch after batch; after a mail-server failure stop and enqueue
    the next attempt at the earliest time a message is due again."""
    size = batch_size or settings.OUTBOX_BATCH_SIZE
    totals = {"sent": 0, "failed": 0, "deferred": 0}
    while rows := claim_batch(size):
        sent, failed, deferred = send_batch(rows)
        totals["sent"] += sent
        totals["failed"] += failed
        totals["deferred"] += deferred
        if deferred:
            retry_later()
            break
    return totals


def retry_later():
    next_due = OutboxMessage.objects.pending().order_by("next_attempt_at").first()
    if next_due is not None:
        enqueue_delivery(run_after=next_due.next_attempt_at)


def retry(queryset):
    """Staff's "send again": failed or stuck messages go back to the queue at once."""
    count = queryset.filter(status__in=[Status.FAILED, Status.SENDING]).update(
        status=Status.PENDING, next_attempt_at=timezone.now(), claimed_at=None, attempts=0
    )
    if count:
        schedule_delivery()
    return count


def prune(keep_days):
    """Delete sent messages older than `keep_days`, failed ones after three times as long."""
    now = timezone.now()
    sent = OutboxMessage.objects.filter(
        status=Status.SENT, sent_at__lt=now - timedelta(days=keep_days)
    ).delete()[0]
    failed = OutboxMessage.objects.filter(
        status=Status.FAILED, created_at__lt=now - timedelta(days=3 * keep_days)
    ).delete()[0]
    return sent + failed
