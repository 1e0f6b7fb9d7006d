"""The knowledge base's part of the site-wide features: the latest news and a good practice on
the home page, articles in the site-wide search and the sitemap, a person's submitted good
practices on the dashboard and in their data, its pages in the page cache, the editors'
permissions in the admin, and the search and article pages the load tests measure.

When an account is deleted, published articles stay: their author, submitter, uploader and the
editor of their earlier versions become empty (the foreign keys are SET_NULL). A good practice the
person sent in that was never published goes, with the files they attached to it.
"""

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.registry import EDITORS, crud, register
from kenniscentrum.lib.sections import Group, Item, Section, SiteSitemap
from knowledgebase.access import reader
from knowledgebase.models import CARD_DEFERRED_FIELDS, Article, ArticleVersion, Document, Theme

HOME_NEWS = 3


def article_item(article, meta=""):
    return Item(
        title=article.title,
        url=article.get_absolute_url(),
        summary=article.summary,
        date=article.published_at,
        meta=meta or article.get_kind_display().capitalize(),
        language=article.language if article.language != current_language() else "",
    )


def visible(request):
    """Published articles the visitor may see listed, in the page's language."""
    return (
        Article.objects.published()
        .for_audiences(reader(request).listed)
        .filter(language=current_language())
        .order_by("-published_at", "-pk")
    )


def home(request):
    shown = visible(request).defer(*CARD_DEFERRED_FIELDS)  # cards: no long texts, no vectors
    news = shown.news().filter(audience=Article.Audience.PUBLIC)[:HOME_NEWS]
    practice = (
        shown.filter(kind=Article.Kind.GOOD_PRACTICE, audience=Article.Audience.PUBLIC)
        .order_by("-featured", "-published_at", "-pk")
        .first()
    )
    index = reverse("knowledgebase:index")
    return [
        Group(
            key="news",
            title=_("Laatste nieuws"),
            items=[article_item(a) for a in news],
            order=10,
            more_url=f"{index}?kind={Article.Kind.NEWS}",
            more_label=_("Al het nieuws"),
        ),
        Group(
            key="good_practice",
            title=_("Goede praktijk"),
            items=[article_item(practice)] if practice else [],
            order=40,
            more_url=f"{index}?kind={Article.Kind.GOOD_PRACTICE}",
            more_label=_("Meer goede praktijken"),
        ),
    ]


def search(request, query, limit):
    readable = reader(request).readable
    articles = (
        visible(request).search(query, readable).order_by("-rank", "-published_at", "-pk")[:limit]
    )
    return [
        Group(
            key="articles",
            title=_("Kennisbank"),
            items=[article_item(a) for a in articles],
            order=10,
            more_url=reverse("knowledgebase:index") + "?" + urlencode({"q": query}),
            more_label=_("Alle resultaten in de kennisbank"),
        )
    ]


class ArticleSitemap(SiteSitemap):
    # An article has one address, under its own language; its translation is another article.
    i18n = False
    alternates = False
    x_default = False

    def items(self):
        return (
            Article.objects.published()
            .filter(audience=Article.Audience.PUBLIC)
            .order_by("pk")
            .only("slug", "language", "content_changed_at")
        )

    def lastmod(self, article):
        return article.content_changed_at


class ThemeSitemap(SiteSitemap):
    def items(self):
        return Theme.objects.order_by("pk")


def submissions_of(user):
    return Article.objects.filter(submitted_by=user).order_by("-created_at")


def dashboard(request):
    return [
        Group(
            key="good_practices",
            title=_("Mijn goede praktijken"),
            items=[
                article_item(a, meta=a.get_status_display().capitalize())
                for a in submissions_of(request.user)
            ],
            order=40,
            more_url=reverse("knowledgebase:submit"),
            more_label=_("Een goede praktijk insturen"),
        )
    ]


def export(user):
    return {
        "good_practices_submitted": [
            {
                "title": a.title,
                "language": a.language,
                "status": a.status,
                "submitted_at": a.created_at,
                "published_at": a.published_at,
                "problem": a.problem,
                "approach": a.approach,
                "result": a.result,
                "effort": a.effort,
            }
            for a in submissions_of(user)
        ],
        "articles_written": [
            {"title": title, "language": language, "published_at": published_at}
            for title, language, published_at in Article.objects.filter(author=user)
            .order_by("pk")
            .values_list("title", "language", "published_at")
        ],
        "article_versions_replaced": [
            {"article": v.article.title, "earlier_title": v.title, "replaced_at": v.created_at}
            for v in ArticleVersion.objects.filter(created_by=user)
            .select_related("article")
            .order_by("pk")
        ],
        "documents_uploaded": [
            {
                "title": title,
                "language": language,
                "audience": audience,
                "file_type": file_type,
                "uploaded_at": created_at,
            }
            for title, language, audience, file_type, created_at in Document.objects.filter(
                uploaded_by=user
            )
            .order_by("pk")
            .values_list("title", "language", "audience", "file_type", "created_at")
        ],
    }


def on_account_deletion(user):
    unpublished = submissions_of(user).filter(
        status__in=[Article.Status.DRAFT, Article.Status.REVIEW]
    )
    attached = Document.objects.filter(uploaded_by=user, articles__in=unpublished)
    files = [(d.file.storage, d.file.name) for d in attached if d.file]
    attached.delete()
    unpublished.delete()  # their earlier versions go with them
    # The files themselves once the deletion is committed, so a rollback loses no file.
    for storage, name in files:
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))


def scheduled_changes(now):
    """An article reaching its publication time."""
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    return [scheduled.aggregate(m=Min("published_at"))["m"]]


# Editors write, publish, archive and restore articles, and keep the themes and the documents.
GROUP_PERMISSIONS = {
    EDITORS: {
        *crud("knowledgebase", "theme"),
        *crud("knowledgebase", "article"),
        *crud("knowledgebase", "document"),
        "knowledgebase.publish_article",
        "knowledgebase.view_articleversion",
    },
}

# A word of the knowledge base's themes, found in many articles.
SEARCH_WORD = "inbraak"


def sample_article():
    """The latest public Dutch article: the one a visitor reaches from the home page."""
    return (
        Article.objects.published()
        .filter(language="nl", audience=Article.Audience.PUBLIC)
        .order_by("-published_at", "-pk")
        .first()
    )


def benchmark_pages():
    pages = [("knowledge base search", f"{reverse('knowledgebase:index')}?q={SEARCH_WORD}", None)]
    article = sample_article()
    if article is not None:
        pages.append(("article", article.get_absolute_url(), None))
    return pages


register(
    Section(
        name="knowledgebase",
        home=home,
        search=search,
        sitemaps={"articles": ArticleSitemap, "themes": ThemeSitemap},
        dashboard=dashboard,
        export=export,
        on_account_deletion=on_account_deletion,
        cached_pages=frozenset(
            {
                "knowledgebase:index",
                "knowledgebase:theme",
                "knowledgebase:article",
                "knowledgebase:documents",
            }
        ),
        # An article's earlier versions show only in the admin.
        not_content=frozenset({"knowledgebase.articleversion"}),
        scheduled_changes=scheduled_changes,
        group_permissions=GROUP_PERMISSIONS,
        benchmark_pages=benchmark_pages,
    )
)
