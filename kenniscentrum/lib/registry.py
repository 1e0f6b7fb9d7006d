"""The registry: what each app contributes to the site-wide features.

The home page, the site-wide search (/nl/zoeken/), the sitemap, the dashboard (/nl/mijn/), the
personal-data export and account deletion (/nl/mijn/gegevens/), the page cache, the admin groups'
permissions and the benchmark ask every registered `Section` (`kenniscentrum/lib/sections.py`)
for its part; see that class for what an app may provide and what each part must return.

Adding an app is one import and one entry: the app writes a module `site.py` that builds its
`Section` and registers it,

    from kenniscentrum.lib.registry import EDITORS, crud, register
    from kenniscentrum.lib.sections import Group, Item, Section, SiteSitemap

    register(Section(name="myapp", home=home, search=search, sitemaps={...},
                     cached_pages={"myapp:list"},
                     group_permissions={EDITORS: crud("myapp", "thing")}))

importing only `kenniscentrum.lib` (which imports no app) and its own app, and the app is added to
INSTALLED_APPS. The project imports every app's `site.py` at start-up (`autodiscover_modules`,
as the admin does with `admin.py`, in `kenniscentrum/apps.py`), in the order of INSTALLED_APPS.

Block orders used on the home page: news 10, events 20, trainings 30, featured good practice 40;
search groups: articles 10, BINs 20, events 30, courses 40, pages 90; dashboard: BINs 10,
registrations 20, certificates 30, good practices 40, newsletter 90.
"""

from datetime import datetime

# The admin groups (created by kenniscentrum's first migration) that apps grant permissions to.
BOARD = "Bestuur"
EDITORS = "Redactie"

SEARCH_LIMIT = 5

# Every registered section, in the order of INSTALLED_APPS (an app after the apps it builds on).
SECTIONS = []


def register(section):
    SECTIONS.append(section)
    return section


def crud(app_label, model):
    """The four admin permissions on one model."""
    return {f"{app_label}.{action}_{model}" for action in ("add", "change", "delete", "view")}


def _shown(groups):
    return sorted((g for g in groups if g and g.items), key=lambda g: g.order)


def home_groups(request):
    groups = []
    for section in SECTIONS:
        if section.home:
            groups += section.home(request) or []
    return _shown(groups)


def figures():
    result = []
    for section in SECTIONS:
        if section.figures:
            result += [f for f in section.figures() or [] if f.value]
    return sorted(result, key=lambda f: f.order)


def search_groups(request, query, limit=SEARCH_LIMIT):
    groups = []
    for section in SECTIONS:
        if section.search:
            groups += section.search(request, query, limit) or []
    return _shown(groups)


def searchable_sections():
    return [s.name for s in SECTIONS if s.search]


def dashboard_groups(request):
    """Dashboard blocks, empty ones included: there they say "nothing yet" instead of hiding."""
    groups = []
    for section in SECTIONS:
        if section.dashboard:
            groups += [g for g in section.dashboard(request) or [] if g]
    return sorted(groups, key=lambda g: g.order)


def sitemaps():
    result = {}
    for section in SECTIONS:
        result.update(section.sitemaps)
    return result


def exports(user):
    return {s.name: s.export(user) for s in SECTIONS if s.export}


def run_account_deletion_hooks(user):
    """Each app's hook, in the reverse order of registration: an app's hook runs before the hooks
    of the apps it builds on, so it still finds its rows through theirs (training finds
    certificates through the registrations that the events hook then anonymises)."""
    for section in reversed(SECTIONS):
        if section.on_account_deletion:
            section.on_account_deletion(user)


def page_text(key):
    """The editable text with this key (e.g. "structure"), as HTML, or "": for a page of one app
    that shows a text the site's editors keep."""
    for section in SECTIONS:
        if section.page_text:
            return section.page_text(key)
    return ""


# --- the page cache and the admin -------------------------------------------------------------


def cached_pages():
    """URL names of the public pages the page cache may serve to anonymous visitors."""
    return frozenset().union(*(s.cached_pages for s in SECTIONS))


def cached_personal_pages():
    """URL names of the pages cached for one logged-in person only."""
    return frozenset().union(*(s.cached_personal_pages for s in SECTIONS))


def not_content():
    """Labels of the models whose rows never show on a cached page."""
    return frozenset().union(*(s.not_content for s in SECTIONS))


def scheduled_changes(now: datetime):
    """The moments after `now` at which some app's pages change although nobody saves anything."""
    moments = []
    for section in SECTIONS:
        if section.scheduled_changes:
            moments += [m for m in section.scheduled_changes(now) if m]
    return moments


def group_permissions():
    """{group name: permissions ("app_label.codename")} over every app."""
    result = {}
    for section in SECTIONS:
        for group, permissions in section.group_permissions.items():
            result.setdefault(group, set()).update(permissions)
    return result


def benchmark_pages():
    """(label, path, logged in?) of every app's representative pages, for the load tests."""
    pages = []
    for section in SECTIONS:
        if section.benchmark_pages:
            pages += section.benchmark_pages()
    return pages
