"""What keeps a search cheap on a large knowledge base: an index per kind of reader, and a cap on
how many results are counted, ranked and paged (said on the page, not hidden)."""

import pytest
from django.db import connection

from knowledgebase.models import INDEXED_READERS, Article
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table: tell the planner to use an index for the match if one fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("index, readable", INDEXED_READERS.items())
def test_a_visitors_and_a_members_search_use_their_own_index(index, readable):
    with connection.cursor() as cursor:
        # On a handful of rows an index on the language looks as good: leave only the search
        # indexes (rolled back after the test).
        cursor.execute("DROP INDEX kb_article_language_kind")
        cursor.execute("DROP INDEX kb_article_listing")
        cursor.execute(
            "ALTER TABLE knowledgebase_article "
            "DROP CONSTRAINT knowledgebase_article_one_version_per_language"
        )
    ArticleFactory(title="Inbraakpreventie: tien tips")
    assert index in plan(Article.objects.search("inbraak", readable).order_by())


@pytest.fixture
def capped(monkeypatch):
    monkeypatch.setattr("knowledgebase.views.MAX_RESULTS", 3)
    theme = ThemeFactory(slug="inbraakpreventie", name_nl="Inbraakpreventie")
    streets = ["Kerkstraat", "Molenweg", "Stationsplein", "Dorpsstraat", "Veldweg"]
    return [
        ArticleFactory(title=f"Inbraak in de {street}", kind="news", themes=[theme])
        for street in streets
    ]


def test_a_search_with_more_results_than_counted_says_so(client, capped):
    page = client.get("/nl/kennisbank/", {"q": "inbraak"}).content.decode()
    assert "Meer dan 3 artikels gevonden" in page
    assert "Alleen de 3 recentste worden getoond" in page
    # The filters stay, without counts that would be partial.
    assert "Inbraakpreventie (" not in page and ">Inbraakpreventie</a>" in page
    assert page.count("kb-card") == 3


def test_a_search_within_the_cap_counts_exactly(client, capped):
    page = client.get("/nl/kennisbank/", {"q": "inbraak molenweg"}).content.decode()
    assert "1 artikel gevonden" in page
    assert "Meer dan" not in page
    assert "Inbraakpreventie (1)" in page


def test_a_filter_that_brings_the_results_under_the_cap_counts_them(client, capped):
    ArticleFactory(title="Inbraak: een handleiding", kind="guide")
    page = client.get("/nl/kennisbank/", {"q": "inbraak", "kind": "guide"}).content.decode()
    assert "1 artikel gevonden" in page
    assert page.count("kb-card") == 1


def test_search_vectors_are_kept_in_the_articles_row():
    """Ranking reads every match's vector: out of line (TOAST) each would cost a look-up in a
    second table and an unpacking, most of a search's time."""
    body = " ".join(f"<p>Inbraakpreventie woord{n} straatverlichting{n}</p>" for n in range(400))
    article = ArticleFactory(title="Inbraak", body=body)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(search_vector), pg_column_compression(search_vector)"
            " FROM knowledgebase_article WHERE id = %s",
            [article.pk],
        )
        size, compression = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'knowledgebase_article'::regclass"
            " AND attname IN ('search_vector', 'teaser_vector') AND attstorage = 'm'"
        )
        assert cursor.fetchone()[0] == 2  # MAIN: in the row unless the row outgrows its page
    assert size > 2000  # long enough to have been moved out of the row by default
    assert compression == "lz4"
