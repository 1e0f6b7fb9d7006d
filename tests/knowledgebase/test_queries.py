"""Each page makes the same small number of queries with 20 or 2,000 articles."""

import datetime

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django.utils import translation

from knowledgebase.demo import generate_articles
from knowledgebase.models import Article, Document
from knowledgebase.views import MAX_RESULTS
from tests.factories import ArticleFactory, DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[20, 2000], ids=["20-articles", "2000-articles"])
def knowledge_base(request):
    themes = [ThemeFactory(slug=slug) for slug in ("inbraakpreventie", "fietsdiefstal", "brand")]
    nl = ArticleFactory(
        slug="inbraakpreventie-tien-tips",
        title="Inbraakpreventie: tien tips",
        kind="guide",
        featured=True,
        themes=themes[:2],
    )
    fr = ArticleFactory(
        language="fr",
        slug="prevention-cambriolages",
        title="Prévention des cambriolages et sécurité",
        translation_key=nl.translation_key,
        themes=themes[:1],
    )
    nl.documents.add(DocumentFactory(language="nl"))
    fr.documents.add(DocumentFactory(language="fr", audience="members"))
    # Without their related articles: they would cost seconds here, and the article page makes
    # the same query with or without them.
    generate_articles(request.param - 2, related=False)
    for n in range(request.param // 20):
        DocumentFactory(title=f"Brochure {n}")
    assert Article.objects.count() == request.param
    return request.param


# Anonymous visitor; the comments name the queries.
PAGES = {
    # themes with their counts, featured, latest (each with its themes' ids)
    "/nl/kennisbank/": 3,
    # the themes; every count (per kind, language and theme, and the total) in one query;
    # the page of articles with their themes' ids
    "/nl/kennisbank/?kind=guide": 3,
    # the same, searching
    "/nl/kennisbank/?q=inbraak": 3,
    "/fr/base-de-connaissances/?q=securite+or+velo&language=all": 3,
    # no article matches: the counts again for titles like the query (the typo fallback)
    "/nl/kennisbank/?q=inbrakpreventie": 4,
    # the themes (the page's theme among them); the counts; the page of articles
    "/nl/kennisbank/thema/fietsdiefstal/": 3,
    # count, page of documents, their themes
    "/nl/kennisbank/documenten/": 3,
    # the article (with BIN and province), its themes, its twin and its related articles
    # (stored as ids) together, its documents
    "/nl/kennisbank/inbraakpreventie-tien-tips/": 4,
}


# Lists of more than views.MAX_RESULTS articles: one more query counts the filtered ones up to it.
CAPPED = {"/nl/kennisbank/?kind=guide", "/nl/kennisbank/thema/fietsdiefstal/"}


def expected_queries(url, articles):
    menus = 1  # the menus of the header and footer
    return PAGES[url] + (url in CAPPED and articles > MAX_RESULTS) + menus


@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_is_pinned(client, knowledge_base, url, django_assert_num_queries):
    client.get(url)  # once, as on a running site
    with django_assert_num_queries(expected_queries(url, knowledge_base)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/nl/kennisbank/?q=inbraak", "/nl/kennisbank/inbraakpreventie-tien-tips/"]
)
def test_member_pages_make_a_fixed_number_of_queries(
    client, knowledge_base, coordinator_a, url, django_assert_num_queries
):
    client.force_login(coordinator_a)
    client.get(url)  # warms the menu cache
    # The session and the user, the BIN role check (members.access.is_member), then the page.
    with django_assert_num_queries(3 + expected_queries(url, knowledge_base)):
        response = client.get(url)
    assert response.status_code == 200


def test_generated_articles_are_searchable():
    ThemeFactory(), ThemeFactory()
    generate_articles(40)
    assert Article.objects.filter(slug__startswith="gen-", search_vector__isnull=True).count() == 0
    assert Article.objects.filter(slug__startswith="gen-", related_ids=[]).count() == 0
    with CaptureQueriesContext(connection):
        assert Article.objects.published().search("fietsdiefstal").exists()
    assert Document.objects.count() == 0


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_article_and_theme_addresses_are_those_the_urlconf_reverses(language):
    article, theme = ArticleFactory(language=language), ThemeFactory()
    other = "fr" if language == "nl" else "nl"
    with translation.override(language):
        own_article = reverse("knowledgebase:article", kwargs={"slug": article.slug})
        own_theme = reverse("knowledgebase:theme", kwargs={"slug": theme.slug})
    with translation.override(other):
        assert article.get_absolute_url() == own_article  # always under its own language
    with translation.override(language):
        assert theme.get_absolute_url() == own_theme
    # Behind a path prefix (SCRIPT_NAME) the addresses carry it too.
    set_script_prefix("/portaal/")
    try:
        assert article.get_absolute_url() == "/portaal" + own_article
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC),  # already April in Brussels
        datetime.datetime(2026, 12, 5, 9, 15, 7, 250, tzinfo=datetime.UTC),
    ],
)
def test_a_cards_date_reads_as_djangos_date_filter_gives_it(language, moment):
    template = engines["django"].from_string(
        "{% load knowledgebase %}"
        """<time datetime="{{ moment|date:'c' }}">{{ moment|date:'j F Y' }}</time>"""
        "|{{ moment|publication_time }}"
    )
    with translation.override(language):
        django_filter, ours = template.render({"moment": moment}).split("|")
    assert ours == django_filter
    assert ours.startswith('<time datetime="2026-')
