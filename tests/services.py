"""Real servers for the tests, started on a free loopback port and stopped afterwards.

`redis_server`: a redis-server of Debian's package (session-wide), with `.url`, `.stop()` and
`.start()` (same port, empty), so that a test can take Redis away and bring it back. Skipped when
the binary is missing, unless REQUIRE_SERVICES=1 (CI), where a missing binary fails.
`redis_cache`: the site's default cache pointed at that server, configured as in production
(`kenniscentrum.lib.sharedcache`), emptied before the test and restored after it.

Loaded for every test by tests/conftest.py.
"""

import os
import shutil

import pytest

from kenniscentrum.loadtest.services import RedisServer, free_port


def require_binary(name):
    """The binary's path; skips the test without it, fails instead under REQUIRE_SERVICES=1."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/system-packages.sh installs it)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer(require_binary("redis-server"), free_port())
    server.start()
    yield server
    server.close()


@pytest.fixture
def redis_cache(redis_server, settings):
    """The default cache on the test Redis, as production configures it."""
    from django.core.cache import cache

    from kenniscentrum.lib.sharedcache import cache_config

    if not redis_server.running:
        redis_server.start()
    settings.CACHES = {"default": cache_config(redis_server.url)}
    cache.clear()
    yield cache
    if not redis_server.running:  # a test that stopped Redis leaves it running for the next
        redis_server.start()
    cache.clear()
    cache.close()
