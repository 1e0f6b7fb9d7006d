"""The whole-page cache: fast pages that are never stale.

The rule, in one place:

- What: GET requests for the public pages each app names in its registry entry (`cached_pages`
  in its `site.py`), from anonymous visitors (no session cookie), and for the personal pages it
  names in `cached_personal_pages`, per logged-in person: a person never gets a page stored for
  anyone else, nor an anonymous visitor's page. Never while a message waits to be shown; only 200
  responses that set no cookie and changed no session.
- Where: Django's cache (`CACHE_URL`): local memory per web process by default, Redis or Memcached
  shared by all processes in production.
- Never stale: a page depends on the tables it read while it was rendered. Each content table
  has a version in PostgreSQL that every committed write to it moves on, in the writing
  transaction itself (`tables.py`, through the database backend in `postgresql/`: bulk updates
  and raw SQL count too). An entry keeps the versions of the tables its page read, taken before
  the page was rendered; serving it costs one query that reads the versions again, and any
  difference in those tables makes it a miss. So a registration refreshes the pages that show
  events and their seats, and no knowledge-base or directory page. All web processes read the
  same versions, so a change made through one process is seen at once by every other, whatever
  the cache backend.
  A value kept outside SQL would escape this: what pages show is read through SQL, and what
  is kept in memory is keyed by everything it shows (`{% reuse %}`, the calendar's cards).
  Content that changes by itself as time passes (an event that starts or ends, a registration
  window that opens or closes, an article published at a set time, "current" roles at midnight)
  bounds the lifetime of every entry by the next such moment (`next_scheduled_change`, from each
  app's `scheduled_changes`). `PAGE_CACHE_SECONDS` caps the lifetime.
- PostgreSQL down: the versions cannot be read, so nothing can be known to be current. An
  anonymous visitor still gets the entry of a public page, whatever its versions, marked as
  possibly out of date (`X-Page-Cache: stale` and a notice at the marker in base.html); pages with
  a form, personal pages and pages not in the cache get the maintenance page (503).
- Forms: pages with a form carry the visitor's own CSRF token. The cache stores the page with a
  placeholder and puts a token for the current visitor in its place when serving it.

`tables.py` holds what a page depends on, `version.py` when its time runs out, `middleware.py`
serves and stores the pages.

The tests run with the cache off (`PAGE_CACHE_SECONDS` is 0 under pytest, see settings.py) so
that the pinned query counts measure the pages themselves; the cache's own tests
(tests/kenniscentrum/test_page_cache*.py) turn it on.
"""

from kenniscentrum.pagecache.middleware import CSRF_PLACEHOLDER, AnonymousPageCacheMiddleware
from kenniscentrum.pagecache.tables import (
    bump,
    pause_during_migrations,
    resume_after_migrations,
    versions,
    versions_of,
)
from kenniscentrum.pagecache.version import next_scheduled_change

__all__ = [
    "CSRF_PLACEHOLDER",
    "AnonymousPageCacheMiddleware",
    "bump",
    "next_scheduled_change",
    "pause_during_migrations",
    "resume_after_migrations",
    "versions",
    "versions_of",
]
