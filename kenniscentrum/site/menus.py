"""The editable parts of the menus: pages placed in the "Over ons" submenu or in the footer.

Every page shows the menus, so they are cached (in the shared cache, for every web process) and
rebuilt after a page is saved or deleted: once the cache is warm, they cost a page view no query.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import NoReverseMatch
from django.utils import translation

from kenniscentrum import pagecache
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.models import Page

CACHE_KEY = "kenniscentrum:menus:v1"


def _build():
    menus = {}
    pages = list(Page.objects.published().exclude(menu="").order_by("order", "title_nl"))
    for language in ("nl", "fr"):
        with translation.override(language):
            for page in pages:
                try:
                    url = page.get_absolute_url()
                except NoReverseMatch:  # a URL configuration without the pages (some tests)
                    continue
                menus.setdefault(language, {}).setdefault(page.menu, []).append(
                    {"title": page.title, "url": url, "key": page.key}
                )
    return menus


def warm():
    """Build the menus and cache them; returns them."""
    menus = _build()
    cache.set(CACHE_KEY, menus, timeout=24 * 60 * 60)
    return menus


def menu(name):
    """[{title, url, key}] of the published pages in menu `name`, in the current language."""
    menus = cache.get(CACHE_KEY)
    if menus is None:
        menus = warm()
    else:
        # Read from the cache, not through SQL: a page showing them depends on the pages.
        pagecache.depends_on(Page)
    return menus.get(current_language(), {}).get(name, [])


@receiver(post_save, sender=Page)
@receiver(post_delete, sender=Page)
def _forget_menus(**kwargs):
    cache.delete(CACHE_KEY)
    # Once more after the commit: a request that rebuilt the menus in between read the old rows.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
