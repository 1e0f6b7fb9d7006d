"""The editable parts of the menus: pages placed in the "Over ons" submenu or in the footer.

Read once per request, in one query over the few published menu pages. Not kept in a cache of
their own: a copy in each process's memory went stale in the other processes when a page
changed, and a page cached with it stayed stale too. Read through SQL, they are one more table
the cached pages depend on (`kenniscentrum/pagecache/`), and the main menu and the footer are
rendered once per set of menu pages anyway (`{% reuse %}`).
"""

from django.urls import NoReverseMatch

from kenniscentrum.lib.i18n import current_language
from kenniscentrum.models import Page


def _build():
    menus = {}
    for page in Page.objects.published().exclude(menu="").order_by("order", "title_nl"):
        try:
            url = page.get_absolute_url()
        except NoReverseMatch:  # a URL configuration without the pages (some tests)
            continue
        menus.setdefault(page.menu, []).append({"title": page.title, "url": url, "key": page.key})
    return menus


def menu(request, name):
    """[{title, url, key}] of the published pages in menu `name`, in the current language; the
    menus are read once per request and language (each time without a request)."""
    if request is None:
        return _build().get(name, [])
    language = current_language()
    read = getattr(request, "_menus", None)
    if read is None or read[0] != language:
        read = request._menus = (language, _build())
    return read[1].get(name, [])
