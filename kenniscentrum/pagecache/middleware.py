"""The middleware that serves and stores cached pages (see the package's docstring)."""

import functools
import hashlib
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language

from kenniscentrum.lib import registry
from kenniscentrum.pagecache import stats, tables
from kenniscentrum.pagecache.tables import enabled
from kenniscentrum.pagecache.version import valid_until

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')
CSRF_PLACEHOLDER = b"@@csrf-token@@"
# Only the whole hidden field is stored with the placeholder and filled in again: the same text
# anywhere else (a link a coordinator wrote, a search term shown on the page) stays as written,
# so no content can carry a visitor's token off the site.
CSRF_STORED = b'name="csrfmiddlewaretoken" value="' + CSRF_PLACEHOLDER + b'"'
# Where base.html lets a page served while PostgreSQL is down say that it may be out of date.
STALE_NOTICE_MARKER = b"<!--page-cache-notice-->"


class Entry:
    """A cached page: status 200, the view's own headers, the content (CSRF placeholder), until
    when it may be served, and the versions of the tables it was rendered from."""

    def __init__(self, response, content, expires, versions):
        self.headers = list(response.items())
        self.content = content
        self.expires = expires
        self.versions = versions

    def current(self, versions):
        """Whether no table the page read has changed since, and its time has not run out."""
        return (
            self.expires > time.time()
            and tables.versions_of(self.versions, versions) == self.versions
        )

    def response(self, request):
        content = self.content
        if CSRF_STORED in content:
            field = b'name="csrfmiddlewaretoken" value="' + get_token(request).encode() + b'"'
            content = content.replace(CSRF_STORED, field)
        response = HttpResponse(content)
        for header, value in self.headers:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        if not response.has_header("Vary"):
            # As the view's own answer would vary: the cookie says who the visitor is.
            response["Vary"] = "Cookie"
        return response

    def stale_response(self):
        """The page with a notice that it may be out of date, in the visitor's language."""
        notice = render_to_string("includes/stale_notice.html").encode()
        response = HttpResponse(self.content.replace(STALE_NOTICE_MARKER, notice))
        for header, value in self.headers:
            response[header] = value
        add_never_cache_headers(response)
        response["X-Page-Cache"] = "stale"
        return response


@functools.cache
def release():
    """A fingerprint of the code, templates, translations and static files' names this process
    serves: part of every key, so that after a deployment no page of the old code is served from
    a cache the processes share (Redis), although its content has not changed. Once per process."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in RELEASE_SKIPPED)
        files += [Path(folder) / name for name in sorted(names) if name.endswith(RELEASE_FILES)]
    files.append(Path(settings.STATIC_ROOT or root / "staticfiles") / "staticfiles.json")
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE_FILES = (".py", ".html", ".txt", ".mo")
RELEASE_SKIPPED = {".venv", ".git", "node_modules", "media", "tests", "__pycache__", "docs",
                   "staticfiles", "static", "tmp", "private_media"}  # fmt: skip


def address(request):
    """The request's path and query string, worked out once per request."""
    if not hasattr(request, "_page_cache_address"):
        request._page_cache_address = request.get_full_path()
    return request._page_cache_address


def key_for(request, person):
    raw = f"{release()}|{person}|{get_language()}|{request.scheme}|{request.get_host()}|"
    raw += address(request)
    return "page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


ANONYMOUS = "-"


def visitor(request):
    """Whose cached pages this request may get: ANONYMOUS, a logged-in person (see `Person`), or
    None (not a GET, the cache is off, a message waits to be shown, or no login in the session)."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session: no account and no message, unless in the messages framework's cookie.
        return None if "messages" in request.COOKIES else ANONYMOUS
    user_id = request.session.get(SESSION_KEY)
    if user_id is None or len(request._messages):
        return None
    return Person(user_id, request.session.get(HASH_SESSION_KEY, ""))


class Person:
    """A logged-in person, as their session names them, without loading their account.

    Django loads the account on every request to check the session against it (the account is
    active, the password unchanged: `get_session_auth_hash`). A personal page is stored only
    after the view ran with that check passed (`PendingEntry.store`), under the session's hash and
    this process's secret key; it depends on the accounts table like on every table it read. So
    while that table has not changed, the same check would pass again, and a hit needs no account
    query; any change to an account, a new password, a deactivation, a new secret key makes the
    entry out of date or unreachable, and the view checks the session again.
    """

    def __init__(self, user_id, session_hash):
        self.user_id = str(user_id)
        self.session_hash = session_hash

    def __str__(self):
        return f"{self.user_id}|{self.session_hash}|{_secret_fingerprint()}"

    def checked_by_view(self, request):
        user = request.user
        return user.is_authenticated and str(user.pk) == self.user_id


def _secret_fingerprint():
    raw = settings.SECRET_KEY + "|" + "|".join(settings.AUTHENTICATION_BACKENDS)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


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
    content, found = CSRF_FIELD.subn(CSRF_STORED, response.content)
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
    _known_addresses[address(request)] = person == ANONYMOUS


def _known(request, person):
    """Whether this address was cached before for this kind of visitor."""
    return _known_addresses.get(address(request)) == (person == ANONYMOUS)


def lookup(request, person, mark=True):
    """The cached page for this request and person, or None; with `mark`, a miss starts
    recording what the view reads, so that its response can be stored with the versions read
    here, before the view runs. Without `mark` (before the URL is resolved), what was read is
    kept for the lookup that follows, so a miss costs one read of the cache and the versions."""
    key = key_for(request, person)
    found = getattr(request, "_page_cache_found", None)
    if found is not None and found[0] == key:
        entry, current = found[1], found[2]
    else:
        entry = cache.get(key)
        if entry is None and not mark:
            return None
        try:
            current = tables.versions()
        except (OperationalError, InterfaceError):
            if response := stale_page(entry, person):
                return response
            raise  # the maintenance page (handler500)
    if entry is not None and entry.current(current):
        _remember(request, person)
        stats.count("hits")
        return entry.response(request)
    if not mark:
        request._page_cache_found = (key, entry, current)
        return None
    stats.count("misses")
    recorded, token = tables.start_recording()
    request._page_cache = PendingEntry(key, person, current, recorded, token)
    return None


class PendingEntry:
    """A page being rendered for the cache: where it goes and what it read."""

    def __init__(self, key, person, current, recorded, token):
        self.key = key
        self.person = person
        self.current = current
        self.recorded = recorded
        self.token = token

    def store(self, request, response):
        if not (request.method == "GET" and cacheable_response(request, response)):
            return
        content = template_content(request, response)
        expires = valid_until(self.current)
        if content is None or expires <= time.time():
            return
        read = set(self.recorded)
        if self.person != ANONYMOUS:
            if not self.person.checked_by_view(request):
                return  # the session no longer logs anyone in
            # One person's page: no shared cache on the way (a proxy, a CDN) may keep it.
            patch_cache_control(response, private=True)
            # Loaded before the view ran: the person's own page shows their account.
            read.add(get_user_model()._meta.db_table)
        entry = Entry(response, content, expires, tables.versions_of(read, self.current))
        cache.set(self.key, entry, timeout=expires - time.time())
        _remember(request, self.person)
        response["X-Page-Cache"] = "miss"


def stale_page(entry, person):
    """While PostgreSQL cannot be read, so that no version is known to be current: the newest
    entry of this page for an anonymous visitor, marked as possibly out of date; None when there
    is none.

    Never a page with a form (what the visitor typed could not be sent), never a personal page:
    those get the maintenance page, as does every page not in the cache.
    """
    if entry is None or person != ANONYMOUS or CSRF_STORED in entry.content:
        return None
    return entry.stale_response()


class AnonymousPageCacheMiddleware:
    """Serve the public pages to anonymous visitors from the cache (see the module's docstring).

    Last in MIDDLEWARE: every other middleware still runs for a cached page (security headers,
    CSP, the CSRF cookie, the language), so a cached page differs from a fresh one only in time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if address(request) in _known_addresses:
            person = visitor(request)
            # Only a hit counts here: whether a miss may be stored is the view's to say.
            if (
                person is not None
                and _known(request, person)
                and (response := lookup(request, person, mark=False))
            ):
                return response
        try:
            response = self.get_response(request)
        finally:
            pending = getattr(request, "_page_cache", None)
            if pending is not None:
                tables.stop_recording(pending.token)
        if pending is not None:
            pending.store(request, response)
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
