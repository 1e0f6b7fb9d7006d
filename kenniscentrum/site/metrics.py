"""The figures an operator watches: page-cache hit rate and the depth of the work queues.

`/metrics` answers in Prometheus' text format, to a scraper that sends
`Authorization: Bearer <METRICS_TOKEN>`; without the token configured, or with a wrong one, the
address does not exist (404), for every visitor, staff included, so that no session can open it.
`manage.py log_metrics` writes the same figures as one log line, for sites without a scraper.

A queue is a function that returns how many items wait, or None when that queue does not exist
on this site. Another part of the site adds its own queue with `register_queue`, as the outbox's
is added below.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from kenniscentrum.pagecache import stats

logger = logging.getLogger("kenniscentrum.metrics")

PREFIX = "kenniscentrum_"


@dataclass(frozen=True)
class Queue:
    name: str
    help: str
    depth: object  # () -> int | None


QUEUES = []


def register_queue(name, help, depth):
    QUEUES.append(Queue(name, help, depth))


def ready_tasks():
    """Tasks enqueued and not yet taken by a worker (django-tasks' database backend)."""
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


register_queue("tasks_ready", "Background tasks waiting for a worker.", ready_tasks)


def pending_mail():
    """E-mails in the outbox that no SMTP server has accepted yet (kenniscentrum/outbox/)."""
    from kenniscentrum.outbox.models import OutboxMessage

    return OutboxMessage.objects.pending().count()


register_queue("outbox_pending", "E-mails waiting to be sent.", pending_mail)


def figures():
    """Every figure as (name, type, help, value); queues that do not exist are left out."""
    stats.flush()  # this process's own latest counts
    totals = stats.totals()
    looked_up = totals["hits"] + totals["misses"]
    rows = [
        ("page_cache_hits_total", "counter", "Pages served from the page cache.", totals["hits"]),
        (
            "page_cache_misses_total",
            "counter",
            "Requests for a cacheable page that had to be built.",
            totals["misses"],
        ),
        (
            "page_cache_hit_ratio",
            "gauge",
            "Hits divided by hits and misses since the counts began (0 without any).",
            round(totals["hits"] / looked_up, 4) if looked_up else 0,
        ),
    ]
    for queue in QUEUES:
        depth = queue.depth()
        if depth is not None:
            rows.append((queue.name, "gauge", queue.help, depth))
    return rows


def prometheus_text(rows):
    lines = []
    for name, kind, help, value in rows:
        lines += [
            f"# HELP {PREFIX}{name} {help}",
            f"# TYPE {PREFIX}{name} {kind}",
            f"{PREFIX}{name} {value}",
        ]
    return "\n".join(lines) + "\n"


def authorised(request):
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and constant_time_compare(given, f"Bearer {token}")


@never_cache
def metrics(request):
    if not authorised(request):
        raise Http404
    return HttpResponse(
        prometheus_text(figures()), content_type="text/plain; version=0.0.4; charset=utf-8"
    )


def log_figures():
    """The figures as one log line (JSON fields under `figures` with LOG_FORMAT=json)."""
    values = {name: value for name, _kind, _help, value in figures()}
    text = ", ".join(f"{name}={value}" for name, value in values.items())
    logger.info("metrics %s", text, extra={"figures": values})
    return values
