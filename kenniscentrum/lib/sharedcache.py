"""The shared cache (Redis) is an accelerator, never a dependency.

With `CACHE_URL=redis://host:6379/1` every web process shares one cache (django-redis, with the
hiredis parser, which redis-py picks by itself when it is installed). A Redis that is down or
unreachable must not take the site with it:

- it costs milliseconds, not seconds: short connect and socket timeouts, no retries;
- every cache call then misses (reads) or is dropped (writes) instead of raising, so pages render
  uncached, sessions are read from PostgreSQL (`cached_db`) and the rate limits do what
  `kenniscentrum/lib/spam.py` documents for an unreachable cache;
- `/healthz` reports it as "cache: degraded" without taking the node out of service.

Imports no app: settings.py and the tests build the cache's configuration here.
"""

import environ
from django.core.cache import caches

REDIS_BACKEND = "django_redis.cache.RedisCache"
PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}

# Redis answers within a millisecond on a local network. A connect that takes longer than this is
# a dead or unreachable server; every request pays it once per cache call, so it stays small.
CONNECT_TIMEOUT_SECONDS = 0.1
# Long enough for the largest value (a cached page of a few hundred kB) on a busy server.
SOCKET_TIMEOUT_SECONDS = 0.5

PROBE_KEY = "sharedcache:probe"


def cache_config(url):
    """The `CACHES` entry for a cache URL (`locmemcache://`, `redis://host:6379/1`, ...)."""
    config = environ.Env.cache_url_config(url)
    if config["BACKEND"] == REDIS_BACKEND:
        config.setdefault("OPTIONS", {}).update(
            SOCKET_CONNECT_TIMEOUT=CONNECT_TIMEOUT_SECONDS,
            SOCKET_TIMEOUT=SOCKET_TIMEOUT_SECONDS,
            # A failed call returns "nothing" (a miss, a dropped write, None from incr) instead
            # of raising: see the module's docstring.
            IGNORE_EXCEPTIONS=True,
        )
    return config


def is_shared(config):
    """Whether every web process sees the same cache (Redis, Memcached), as opposed to one cache
    per process."""
    return config["BACKEND"] not in PER_PROCESS_BACKENDS


def reachable(alias="default"):
    """Whether the cache stores and returns a value right now (False while Redis is down)."""
    cache = caches[alias]
    cache.set(PROBE_KEY, 1, timeout=10)
    return cache.get(PROBE_KEY) == 1
