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
- Forms: pages with a form carry the visitor's own CSRF token. The cache stores the page with a
  placeholder and puts a token for the current visitor in its place when serving it.

The tests run with the cache off (`PAGE_CACHE_SECONDS` is 0 under pytest, see settings.py) so
that the pinned query counts measure the pages themselves; the cache's own tests
(tests/kenniscentrum/test_page_cache.py) turn it on.
"""

import hashlib
import re
import time
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from kenniscentrum.lib import registry

SEQUENCE = "kenniscentrum_content_version"

# A login only stamps the account: nothing public changes.
USER_FIELDS_NOT_SHOWN = frozenset({"last_login", "password"})

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_PLACEHOLDER = b"@@csrf-token@@"


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


# --- the content version --------------------------------------------------------------------


def content_version():
    """The site-wide content version, as every web process sees it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        return cursor.fetchone()[0]


def _next_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])


def bump_content_version():
    """Make every cached page out of date.

    Moved on at once, and again after the commit when inside a transaction: a page rendered
    between the two read the old rows but was stored under the first new version, which the
    second move abandons. (A sequence is not transactional, so moving it takes no lock.)"""
    if not enabled():
        return
    _next_version()
    if connection.in_atomic_block:
        transaction.on_commit(_next_version)


def _content_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: act once, after
        return
    update_fields = kwargs.get("update_fields")
    if sender._meta.label_lower == "members.user" and update_fields:
        if set(update_fields) <= USER_FIELDS_NOT_SHOWN:
            return
    bump_content_version()


def connect_signals():
    """Watch every content model: a new app's models are content unless its registry entry lists
    them in `not_content`."""
    not_content = registry.not_content()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in not_content:
            continue
        uid = f"pagecache:{label}"
        # Many-to-many rows added through a relation send m2m_changed, not post_save.
        m2m_changed.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:m2m")
        if model._meta.auto_created:
            continue
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:delete")


# --- content that changes as time passes ----------------------------------------------------


def next_scheduled_change(now):
    """The next moment a public page changes although nobody saves anything: midnight (roles,
    mandates and other dates "current" today) or the first of the apps' scheduled changes (an
    event starting or ending, a registration window opening or closing, an article reaching its
    publication time)."""
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    )
    return min([midnight, *registry.scheduled_changes(now)])


_schedule = {"version": None, "until": 0.0}


def valid_until(version):
    """Epoch seconds until which a page of this content version may be served."""
    now = time.time()
    if _schedule["version"] != version or _schedule["until"] <= now:
        # Once per content version and scheduled moment in each process: one query.
        moment = next_scheduled_change(timezone.now())
        _schedule.update(version=version, until=moment.timestamp())
    return min(_schedule["until"], now + settings.PAGE_CACHE_SECONDS)


# --- the middleware -------------------------------------------------------------------------


class Entry:
    """A cached page: status 200, the view's own headers and the content (CSRF placeholder)."""

    def __init__(self, response, content, expires):
        self.headers = list(response.items())
        self.content = content
        self.expires = expires

    def response(self, request):
        content = self.content
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for header, value in self.headers:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response


def key_for(request, version, person):
    raw = f"{version}|{person}|{get_language()}|{request.scheme}|{request.get_host()}|"
    raw += request.get_full_path()
    return "page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


ANONYMOUS = "-"


def visitor(request):
    """Whose cached pages this request may get: ANONYMOUS, the logged-in person's id, or None
    (not a GET, the cache is off, a message waits to be shown, or an expired session)."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session: no account and no message, unless in the messages framework's cookie.
        return None if "messages" in request.COOKIES else ANONYMOUS
    if not request.user.is_authenticated or len(request._messages):
        return None
    return str(request.user.pk)


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and messages.added_new)


def template_content(request, response):
    """The content to store, the visitor's CSRF token replaced by the placeholder; None when the
    page used a token somewhere the placeholder cannot reach."""
    content, found = CSRF_FIELD.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not found:
        return None
    return content


# Addresses of cached pages this process has seen, public or personal. A request for one, from a
# visitor of that kind, is looked up before the URL is even resolved; any other request goes its
# normal way and costs the cache nothing.
_known_addresses = {}
MAX_KNOWN_ADDRESSES = 20_000


def _remember(request, person):
    if len(_known_addresses) >= MAX_KNOWN_ADDRESSES:
        _known_addresses.clear()
    _known_addresses[request.get_full_path()] = person == ANONYMOUS


def _known(request, person):
    """Whether this address was cached before for this kind of visitor."""
    return _known_addresses.get(request.get_full_path()) == (person == ANONYMOUS)


def lookup(request, person, mark=True):
    """The cached page for this request and person, or None; with `mark`, a miss marks the
    request for storing its response."""
    version = content_version()
    key = key_for(request, version, person)
    entry = cache.get(key)
    if entry is not None and entry.expires > time.time():
        _remember(request, person)
        return entry.response(request)
    if mark:
        request._page_cache_key = key
        request._page_cache_person = person
        request._page_cache_until = valid_until(version)
    return None


class AnonymousPageCacheMiddleware:
    """Serve the public pages to anonymous visitors from the cache (see the module's docstring).

    Last in MIDDLEWARE: every other middleware still runs for a cached page (security headers,
    CSP, the CSRF cookie, the language), so a cached page differs from a fresh one only in time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.get_full_path() in _known_addresses:
            person = visitor(request)
            # Only a hit counts here: whether a miss may be stored is the view's to say.
            if (
                person is not None
                and _known(request, person)
                and (response := lookup(request, person, mark=False))
            ):
                return response
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and request.method == "GET" and cacheable_response(request, response):
            content = template_content(request, response)
            expires = request._page_cache_until
            if content is not None and expires > time.time():
                cache.set(key, Entry(response, content, expires), timeout=expires - time.time())
                _remember(request, request._page_cache_person)
                response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.view_name
        public, personal = registry.cached_pages(), registry.cached_personal_pages()
        if name not in public and name not in personal:
            return None
        person = visitor(request)
        if person is None:
            return None
        if name not in (public if person == ANONYMOUS else personal):
            return None
        return lookup(request, person)
