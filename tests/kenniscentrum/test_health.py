"""Liveness (/livez) and readiness (/healthz) for supervisors and load balancers."""

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError, connection


class UnusableCache(BaseCache):
    """A cache that fails the test on any use."""

    def __init__(self, location, params):
        super().__init__(params)

    def __getattribute__(self, name):
        if name in {"get", "set", "add", "incr", "delete", "get_many", "has_key", "touch"}:
            raise AssertionError(f"the cache was used ({name})")
        return super().__getattribute__(name)

    def clear(self):
        pass  # the test set-up empties every cache between tests


def test_livez_answers_without_database_or_cache(client, settings):
    # No django_db mark: pytest-django refuses every database access in this test, and any use
    # of the cache fails it.
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.UnusableCache"}}
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client, redis_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ndatabase: ok\ncache: ok\n"


@pytest.mark.django_db
def test_healthz_stays_ready_with_a_degraded_cache(client, redis_cache, redis_server):
    # Every node shares the one Redis: "not ready" on all of them would take a working site down.
    redis_server.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert b"cache: degraded" in response.content


@pytest.mark.django_db
def test_healthz_is_not_ready_without_the_database(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database: unavailable" in response.content
