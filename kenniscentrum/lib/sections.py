"""The shapes in which an app hands its content to the site-wide pages.

The home page, the site-wide search, the sitemap, the personal dashboard and the personal-data
export and deletion show or handle every app's content; the page cache, the admin groups and the
load tests need to know each app's pages and models. Each app describes its part as a `Section`
built from the plain types below and registers it in `kenniscentrum/lib/registry.py` from its own
`site.py`. These types live in `lib/` and import no app, so every app may build its own `Section`
without importing the rest of `kenniscentrum` (see the registry's docstring for how to add one).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.sitemaps import Sitemap


@dataclass
class Item:
    """One line of a block: an article, an event, a BIN, a course, a registration…"""

    title: str
    url: str = ""
    summary: str = ""
    date: date | datetime | None = None
    meta: str = ""  # a short line under the title, e.g. "Gent · studiedag"
    image_url: str = ""
    image_alt: str = ""
    language: str = ""  # set when the item is not in the page's language (for `lang`)


@dataclass
class Group:
    """A titled list of items: a home-page block, a search group or a dashboard block.

    A group without items is not shown: a provider may return it empty or return None.
    `key` names the group in templates and tests ("news", "events", "bins"…); `order` places it on
    the page (lower first). `template` renders it; the default is a plain list of items.
    """

    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""
    order: int = 100
    template: str = "kenniscentrum/blocks/item_list.html"
    empty_text: str = ""  # shown on the dashboard only, where a block may say "nothing yet"


@dataclass
class Figure:
    """A key figure on the home page, optionally broken down (e.g. BINs per region)."""

    key: str
    label: str
    value: int
    breakdown: list[tuple[str, int]] = field(default_factory=list)
    order: int = 100


@dataclass
class Section:
    """What one app contributes to the site-wide features. Every part is optional.

    - `home(request) -> list[Group]`: blocks for the home page (news, events, trainings…).
    - `figures() -> list[Figure]`: key figures for the home page (e.g. trainings held).
    - `search(request, query, limit) -> list[Group]`: the app's results for the site-wide search;
      each group holds at most `limit` items and links to the app's own full search.
    - `sitemaps`: `{name: Sitemap class}` merged into /sitemap.xml (subclass `SiteSitemap`).
    - `dashboard(request) -> list[Group]`: blocks on the logged-in person's dashboard.
    - `export(user) -> dict`: everything the app holds about `user`, JSON-serialisable.
    - `on_account_deletion(user)`: called inside the deletion's transaction, before the user row
      is deleted: anonymise what must be kept, end what must be ended, tell whom it concerns.
    - `page_text(key) -> str`: the HTML of the editable text with that key (the site's own
      section provides it; other apps show it through `registry.page_text`).

    And for the page cache (`kenniscentrum/pagecache/`), the admin and the load tests:

    - `cached_pages`: URL names (with namespace) of public pages the cache may serve to anonymous
      visitors: the same for every visitor, and free of side effects on GET.
    - `cached_personal_pages`: URL names of pages cached per logged-in person; everything they
      show must be content, so that any change to it makes them out of date.
    - `not_content`: labels ("app.model") of models whose rows never show on a cached page, or
      that change with every visit or e-mail; every other model counts as content.
    - `scheduled_changes(now) -> list[datetime]`: the next moments after `now` at which the app's
      pages change by themselves (an event starting, an article reaching its publication time).
    - `group_permissions`: `{group name: {"app.codename", …}}` for the admin groups
      (`registry.BOARD`, `registry.EDITORS`).
    - `benchmark_pages() -> list[(label, path, user or None)]`: representative pages picked from
      the data present, for `manage.py benchmark`; a user means the page is seen logged in as them.

    Each callable must run a fixed number of queries, whatever the data size.
    """

    name: str
    home: Callable[..., list[Group]] | None = None
    figures: Callable[[], list[Figure]] | None = None
    search: Callable[..., list[Group]] | None = None
    sitemaps: dict[str, type[Sitemap]] = field(default_factory=dict)
    dashboard: Callable[..., list[Group]] | None = None
    export: Callable[[Any], dict] | None = None
    on_account_deletion: Callable[[Any], None] | None = None
    page_text: Callable[[str], str] | None = None
    cached_pages: frozenset[str] = frozenset()
    cached_personal_pages: frozenset[str] = frozenset()
    not_content: frozenset[str] = frozenset()
    scheduled_changes: Callable[[datetime], list[datetime]] | None = None
    group_permissions: dict[str, set[str]] = field(default_factory=dict)
    benchmark_pages: Callable[[], list[tuple[str, str, Any]]] | None = None


class SiteSitemap(Sitemap):
    """Base for every sitemap of the site: each page in Dutch and French, with hreflang links."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        # Django makes x-default by cutting "/nl" from the Dutch URL. Only the home page exists
        # without a prefix (it redirects by the browser's language); elsewhere the default is
        # the Dutch page itself.
        for url in urls:
            dutch = next((a for a in url["alternates"] if a["lang_code"] == "nl"), None)
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and dutch:
                    root = dutch["location"].rsplit("/nl/", 1)
                    if root[1] != "":
                        alternate["location"] = dutch["location"]
        return urls
