"""The whole-page cache: fast pages that are never stale.

The rule, in one place:

- What: GET requests for the public pages each app names in its registry entry (`cached_pages`
  in its `site.py`), from anonymous visitors (no session cookie), and for the personal pages it
  names in `cached_personal_pages`, per logged-in person: a person never gets a page stored for
  anyone else, nor an anonymous visitor's page. Never while a
  message waits to be shown; only 200 responses that set no cookie and changed no session.
- Where: Django's cache (`CACHE_URL`): local memory per web process by default, Redis or Memcached
  shared by all processes in production.
- Never stale: every key holds the site-wide content version, a PostgreSQL sequence that saving or
  deleting any content row moves on (signals wired in `kenniscentrum/apps.py`; the models that
  never show on a cached page are each app's `not_content`, a new app's models count as content).
  All web processes read the same sequence, one cheap query per cached request, so a change made
  through one process is seen at once by every other, whatever the cache backend. Content that
  changes by itself as time passes (an event that starts or ends, a registration window that
  opens or closes, an article published at a set time, "current" roles at midnight) bounds the
  lifetime of every entry by the next such moment (`next_scheduled_change`, from each app's
  `scheduled_changes`).
  `PAGE_CACHE_SECONDS` caps the lifetime, for changes no signal sees (bulk updates in SQL;
  commands that bulk insert call `bump_content_version()`).
- PostgreSQL down: the content version cannot be read, so nothing can be known to be current.
  An anonymous visitor still gets the newest entry of a public page (each store also records
  which entry is the newest, in the shared cache), marked as possibly out of date
  (`X-Page-Cache: stale` and a notice at the marker in base.html); pages with a form, personal
  pages and pages not in the cache get the maintenance page (503). With PostgreSQL up, the
  version is always read from it.
- Forms: pages with a form carry the visitor's own CSRF token. The cache stores the page with a
  placeholder and puts a token for the current visitor in its place when serving it.

`version.py` holds what makes a page out of date, `middleware.py` serves and stores the pages.

The tests run with the cache off (`PAGE_CACHE_SECONDS` is 0 under pytest, see settings.py) so
that the pinned query counts measure the pages themselves; the cache's own tests
(tests/kenniscentrum/test_page_cache.py) turn it on.
"""

from kenniscentrum.pagecache.middleware import CSRF_PLACEHOLDER, AnonymousPageCacheMiddleware
from kenniscentrum.pagecache.version import (
    bump_content_version,
    connect_signals,
    content_version,
    next_scheduled_change,
)

__all__ = [
    "CSRF_PLACEHOLDER",
    "AnonymousPageCacheMiddleware",
    "bump_content_version",
    "connect_signals",
    "content_version",
    "next_scheduled_change",
]
