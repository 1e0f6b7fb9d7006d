"""/metrics and the metrics log line: the page-cache hit rate and the depth of the work queues."""

import logging

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from kenniscentrum.outbox.models import OutboxMessage
from kenniscentrum.pagecache import stats
from kenniscentrum.site import metrics

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-scraper-token"


@pytest.fixture(autouse=True)
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.PAGE_CACHE_SECONDS = 600
    stats.flush()  # counts left by earlier tests go to the cache that the next line empties
    cache.clear()


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    values = {}
    for line in response.content.decode().splitlines():
        if not line.startswith("#"):
            name, value = line.split()
            values[name.removeprefix("kenniscentrum_")] = float(value)
    return values


# --- who may read them ------------------------------------------------------------------------


def test_without_a_configured_token_metrics_do_not_exist(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", TOKEN, f"Basic {TOKEN}"])
def test_without_the_right_bearer_token_metrics_do_not_exist(client, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    assert client.get("/metrics", **extra).status_code == 404


def test_staff_without_the_token_get_404_too(client, superuser):
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/metrics").status_code == 404


# --- the page cache -----------------------------------------------------------------------------


def test_hits_and_misses_of_the_page_cache_are_counted(client):
    assert client.get("/nl/agenda/")["X-Page-Cache"] == "miss"
    for _ in range(3):
        assert client.get("/nl/agenda/")["X-Page-Cache"] == "hit"
    client.get("/nl/agenda/?page=1")  # another address: a miss of its own
    figures = scrape(client)
    assert figures["page_cache_hits_total"] == 3
    assert figures["page_cache_misses_total"] == 2
    assert figures["page_cache_hit_ratio"] == 0.6


def test_pages_that_are_never_cached_count_neither_way(client):
    client.get("/nl/contact/")
    client.get("/ping")
    figures = scrape(client)
    assert figures["page_cache_hits_total"] == 0
    assert figures["page_cache_misses_total"] == 0
    assert figures["page_cache_hit_ratio"] == 0


def test_a_request_costs_no_cache_write_until_the_counts_are_due(client):
    client.get("/nl/agenda/")
    client.get("/nl/agenda/")
    # Counted in this process only: nothing in the shared cache yet.
    assert cache.get(stats.key("hits")) is None
    assert cache.get(stats.key("misses")) is None
    stats.flush()
    assert stats.totals() == {"hits": 1, "misses": 1}


def test_counts_are_flushed_by_the_process_itself_once_due(client, monkeypatch):
    monkeypatch.setattr(stats, "FLUSH_SECONDS", 0)
    client.get("/nl/agenda/")
    assert cache.get(stats.key("misses")) == 1


def test_the_figures_sum_the_counts_of_every_web_process(client):
    # What another node's flush leaves in the shared cache.
    cache.add(stats.key("hits"), 0, timeout=None)
    cache.incr(stats.key("hits"), 40)
    client.get("/nl/agenda/")
    client.get("/nl/agenda/")
    figures = scrape(client)
    assert figures["page_cache_hits_total"] == 41
    assert figures["page_cache_misses_total"] == 1


# --- the task queue ---------------------------------------------------------------------------


@pytest.fixture
def task_table():
    """django-tasks' database backend, whose table the queue depth counts. Installing an app
    for one test would leave traces in the admin and the content types, so this runs where
    the site installs it."""
    if not apps.is_installed("django_tasks_db"):
        pytest.skip("django_tasks_db is not in INSTALLED_APPS")
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def add_task(model, status):
    return model.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="kenniscentrum.tasks.example",
        backend_name="default",
        run_after=timezone.now(),
    )


def test_the_task_queue_depth_counts_the_tasks_waiting_for_a_worker(client, task_table):
    for status in ["READY", "READY", "READY", "RUNNING", "SUCCESSFUL", "FAILED"]:
        add_task(task_table, status)
    assert scrape(client)["tasks_ready"] == 3


def test_the_task_queue_is_reported_exactly_when_its_backend_is_installed(client):
    assert ("tasks_ready" in scrape(client)) == apps.is_installed("django_tasks_db")


def test_a_registered_queue_is_reported(client, monkeypatch):
    monkeypatch.setattr(metrics, "QUEUES", [])
    metrics.register_queue("outbox_pending", "E-mails waiting.", lambda: 7)
    metrics.register_queue("absent", "A queue this site does not have.", lambda: None)
    figures = scrape(client)
    assert figures["outbox_pending"] == 7
    assert "absent" not in figures


# --- the log line -----------------------------------------------------------------------------


def test_log_metrics_writes_the_same_figures_as_one_line(client, monkeypatch, caplog):
    monkeypatch.setattr(metrics, "QUEUES", [metrics.Queue("tasks_ready", "Tasks.", lambda: 4)])
    client.get("/nl/agenda/")
    client.get("/nl/agenda/")
    with caplog.at_level(logging.INFO, logger="kenniscentrum.metrics"):
        call_command("log_metrics")
    (record,) = [r for r in caplog.records if r.name == "kenniscentrum.metrics"]
    assert record.figures == {
        "page_cache_hits_total": 1,
        "page_cache_misses_total": 1,
        "page_cache_hit_ratio": 0.5,
        "tasks_ready": 4,
    }
    assert "page_cache_hit_ratio=0.5" in record.getMessage()


def test_the_outbox_depth_counts_the_e_mails_no_server_has_accepted_yet(client, settings):
    settings.EMAIL_BACKEND = "kenniscentrum.outbox.backend.QueueEmailBackend"
    for number in range(3):
        send_mail(f"Bericht {number}", "Tekst", None, [f"lid{number}@example.be"])
    assert scrape(client)["outbox_pending"] == 3
    OutboxMessage.objects.filter(subject="Bericht 0").update(status=OutboxMessage.Status.SENT)
    assert scrape(client)["outbox_pending"] == 2
