"""Search: Dutch and French full text, compound words, accents, typos, filters, counts, order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledgebase.models import Article
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    burglary = ThemeFactory(slug="inbraakpreventie", name_nl="Inbraakpreventie")
    bikes = ThemeFactory(slug="fietsdiefstal", name_nl="Fietsdiefstal")
    return {
        "prevention": ArticleFactory(
            title="Tien tips voor uw woning",
            summary="Zo houdt u inbrekers buiten.",
            body="<p>Inbraakpreventie begint bij een goed slot.</p>",
            kind="guide",
            themes=[burglary],
        ),
        "bikes": ArticleFactory(
            title="Meer meldingen in de stationsbuurt",
            body="<p>Het aantal meldingen van fietsdiefstal steeg dit jaar.</p>",
            themes=[bikes],
        ),
        "smoke": ArticleFactory(
            language="fr",
            title="Détecteurs de fumée",
            summary="Pour votre sécurité à la maison.",
            body="<p>Un détecteur par étage.</p>",
            kind="guide",
        ),
        "burglaries_fr": ArticleFactory(
            language="fr",
            title="Prévention des cambriolages",
            body="<p>Les cambrioleurs cherchent une maison vide.</p>",
        ),
        "unrelated": ArticleFactory(title="Jaarverslag", body="<p>Het jaar in cijfers.</p>"),
    }


def results(queryset_text):
    return list(Article.objects.published().search(queryset_text).values_list("title", flat=True))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("inbraak", "Tien tips voor uw woning"),  # the start of "inbraakpreventie"
        ("fiets", "Meer meldingen in de stationsbuurt"),  # the start of "fietsdiefstal"
        ("securite", "Détecteurs de fumée"),  # accents ignored
        ("sécurité", "Détecteurs de fumée"),
        ("cambriolage", "Prévention des cambriolages"),  # French stemming
        ("prevention", "Prévention des cambriolages"),
        ("detecteur fumee", "Détecteurs de fumée"),
        ("inbrekers", "Tien tips voor uw woning"),  # Dutch stemming: inbrekers ~ inbreker
    ],
)
def test_search_finds(library, query, expected):
    assert expected in results(query)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Stationsbuurd", "Meer meldingen in de stationsbuurt"),
        ("jaarverslg", "Jaarverslag"),
        ("detecteurs de fummee", "Détecteurs de fumée"),
    ],
)
def test_a_typo_in_a_title_word_is_caught_by_the_trigram_fallback(client, library, query, expected):
    assert results(query) == []  # no full-text match
    response = client.get("/nl/kennisbank/", {"q": query, "language": "all"})
    content = response.content.decode()
    assert expected in content
    assert "Deze titels lijken erop." in content
    assert [a.title for a in response.context["object_list"]][0] == expected


@pytest.mark.parametrize(
    "query, not_expected",
    [
        ("inbraak", "Jaarverslag"),
        ("fiets", "Tien tips voor uw woning"),
        ("fiets -stationsbuurt", "Meer meldingen in de stationsbuurt"),
        ("securite", "Prévention des cambriolages"),
    ],
)
def test_search_does_not_find(library, query, not_expected):
    assert not_expected not in results(query)


def test_search_page_highlights_and_ranks(client, library):
    response = client.get("/nl/kennisbank/", {"q": "inbraak"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Inbraakpreventie</mark>" in content
    assert "Tien tips voor uw woning" in content
    assert "Jaarverslag" not in content


def test_search_in_french_on_the_french_site(client, library):
    response = client.get("/fr/base-de-connaissances/", {"q": "securite"})
    content = response.content.decode()
    assert "Détecteurs de fumée" in content
    assert "<mark>sécurité</mark>" in content


def test_language_filter_defaults_to_the_site_language_with_counts(client, library):
    content = client.get("/nl/kennisbank/", {"q": "inbraak or cambriolage"}).content
    content = content.decode()
    assert "Tien tips voor uw woning" in content
    assert "Prévention des cambriolages" not in content
    assert "Frans (1)" in content
    everything = client.get(
        "/nl/kennisbank/", {"q": "inbraak or cambriolage", "language": "all"}
    ).content.decode()
    assert "Prévention des cambriolages" in everything and "Tien tips voor uw woning" in everything


def test_filters_by_theme_and_kind_with_counts(client, library):
    content = client.get("/nl/kennisbank/", {"theme": "fietsdiefstal"}).content.decode()
    assert "Meer meldingen in de stationsbuurt" in content
    assert "Tien tips voor uw woning" not in content
    assert "1 artikel gevonden" in content
    content = client.get("/nl/kennisbank/", {"kind": "guide"}).content.decode()
    assert "Tien tips voor uw woning" in content
    assert "Jaarverslag" not in content
    assert "Handleiding (1)" in content and "Nieuws (2)" in content


def test_sort_by_date_or_relevance(client):
    old_but_relevant = ArticleFactory(
        title="Inbraak inbraak inbraak",
        summary="Alles over inbraak.",
        published_at=timezone.now() - timedelta(days=300),
    )
    new_passing_mention = ArticleFactory(
        title="Jaaroverzicht", body="<p>Ook een inbraak.</p>", published_at=timezone.now()
    )
    by_relevance = client.get("/nl/kennisbank/", {"q": "inbraak"}).context["object_list"]
    assert list(by_relevance) == [old_but_relevant, new_passing_mention]
    by_date = client.get("/nl/kennisbank/", {"q": "inbraak", "sort": "date"})
    assert list(by_date.context["object_list"]) == [new_passing_mention, old_but_relevant]


def test_results_are_paginated(client):
    for n in range(25):
        ArticleFactory(title=f"Inbraakcijfers deel {n}")
    first = client.get("/nl/kennisbank/", {"q": "inbraak"})
    assert len(first.context["object_list"]) == 20
    assert "25 artikels gevonden" in first.content.decode()
    second = client.get("/nl/kennisbank/", {"q": "inbraak", "page": 2})
    assert len(second.context["object_list"]) == 5


def test_odd_queries_do_not_break_the_page(client, library):
    for query in ['"', "-", "or", "!!!", "a & b | c", "':*", "x" * 500, "(inbraak"]:
        assert client.get("/nl/kennisbank/", {"q": query}).status_code == 200
