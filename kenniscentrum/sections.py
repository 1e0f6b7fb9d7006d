"""The registry of sections: how other apps' content reaches the site-wide pages.

The home page, the site-wide search (/nl/zoeken/), the sitemap, the dashboard (/nl/mijn/) and the
personal-data export and account deletion (/nl/mijn/gegevens/) ask every section in `SECTIONS` for
its part. A section is a `kenniscentrum.lib.sections.Section`; see that class for the callables an
app may provide and what each must return.

Adding an app is one import and one entry. An app builds its section in a module of its own
(importing only `kenniscentrum.lib.sections`, which imports no app), for example
`knowledgebase/site.py`:

    from kenniscentrum.lib.sections import Group, Item, Section, SiteSitemap
    from knowledgebase.models import Article

    def home(request):
        news = Article.objects.published().news().for_language()[:3]
        return [Group(key="news", title=_("Laatste nieuws"), order=10,
                      items=[Item(a.title, a.get_absolute_url(), a.summary, a.published_at)
                             for a in news],
                      more_url=reverse("knowledgebase:list"), more_label=_("Al het nieuws"))]

    def search(request, query, limit):
        ...  # the app's own search, cut to `limit`, with more_url to its full search (?q=)

    class ArticleSitemap(SiteSitemap):
        def items(self):
            return Article.objects.published().public()

    SECTION = Section(name="knowledgebase", home=home, search=search,
                      sitemaps={"articles": ArticleSitemap}, export=export,
                      on_account_deletion=on_account_deletion)

and then, here: `from knowledgebase.site import SECTION as KNOWLEDGEBASE` and add `KNOWLEDGEBASE` to
`SECTIONS`. (Or write the section in a module of `kenniscentrum`, as `section_members.py` and
`section_events.py` do, since kenniscentrum may import every app.)

Block orders used on the home page: news 10, events 20, trainings 30, featured good practice 40;
search groups: articles 10, BINs 20, events 30, courses 40, pages 90.
"""

from kenniscentrum.section_events import EVENTS, TRAINING
from kenniscentrum.section_knowledgebase import SECTION as KNOWLEDGEBASE
from kenniscentrum.section_members import SECTION as MEMBERS
from kenniscentrum.section_site import SECTION as SITE

# Account deletion runs the hooks in this order: training finds certificates through the
# registrations that the events hook then anonymises.
SECTIONS = [SITE, MEMBERS, KNOWLEDGEBASE, TRAINING, EVENTS]

SEARCH_LIMIT = 5


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
    for section in SECTIONS:
        if section.on_account_deletion:
            section.on_account_deletion(user)
