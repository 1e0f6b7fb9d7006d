"""How often the page cache answers: hits and misses, summed over every web process.

A hit is a page served from the cache; a miss, a request for a cacheable page that the view had
to build. Counting in the shared cache on each request would add a round trip to every page, so
each process counts in memory and adds its counts to the shared cache (`cache.incr`) when it
counts again at least FLUSH_SECONDS after its last flush. The sums lag by that much, and a
process that stops loses its last few seconds of counts: fine for a hit rate.
"""

import logging
import threading
import time

from django.core.cache import cache

FLUSH_SECONDS = 10
NAMES = ("hits", "misses")

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending = dict.fromkeys(NAMES, 0)
_last_flush = time.monotonic()


def key(name):
    return f"pagecache:stats:{name}"


def count(name):
    """One hit or miss in this process; adds this process's counts to the sums when due."""
    with _lock:
        _pending[name] += 1
        due = time.monotonic() - _last_flush >= FLUSH_SECONDS
    if due:
        flush()


def flush():
    """Add this process's counts to the shared sums now."""
    global _last_flush
    with _lock:
        counts = {name: n for name, n in _pending.items() if n}
        _pending.update(dict.fromkeys(counts, 0))
        _last_flush = time.monotonic()
    for name, n in counts.items():
        try:
            cache.add(key(name), 0, timeout=None)
            cache.incr(key(name), n)
        except Exception:
            # The cache is unreachable: keep the counts for the next flush, serve on.
            logger.warning("Page cache figures not saved; the cache does not answer", exc_info=True)
            with _lock:
                _pending[name] += n


def totals():
    """The sums of every process: {"hits": …, "misses": …}."""
    saved = cache.get_many([key(name) for name in NAMES])
    return {name: int(saved.get(key(name)) or 0) for name in NAMES}
