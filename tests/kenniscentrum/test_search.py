import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kenniscentrum.lib import registry
from kenniscentrum.lib.sections import Group, Item, Section
from members.models import BIN, Municipality
from tests.factories import BINFactory, CourseFactory, EventFactory, PageFactory

pytestmark = pytest.mark.django_db


def search(client, query, lang="nl"):
    path = "/nl/zoeken/" if lang == "nl" else "/fr/recherche/"
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def group_html(html, key):
    start = html.index(f'data-block="{key}"')
    return html[start : html.index("</section>", start)]


def test_without_a_query_the_page_explains_what_it_searches(client):
    html = client.get("/nl/zoeken/").content.decode()
    assert "Zoek in één keer in de pagina's, de BIN's, de agenda" in html
    assert "data-block=" not in html


def test_a_one_letter_query_gets_a_message_next_to_the_field(client):
    html = search(client, "a")
    assert 'id="error_1_id_q"' in html
    assert "data-block=" not in html


def test_pages_are_found_by_title_and_text_in_both_languages(client):
    html = search(client, "doelstellingen")
    assert 'href="/nl/over-ons/doelstellingen/"' in group_html(html, "pages")
    french = search(client, "accessibilité", "fr")
    assert 'href="/fr/accessibilite/"' in group_html(french, "pages")
    assert "Déclaration d&#x27;accessibilité" in french


def test_full_text_search_ignores_html_tags(client):
    PageFactory(slug="x", title_nl="Iets", body_nl="<p><strong>Vrijwilligerswerk</strong></p>")
    assert "data-block" not in search(client, "strong")


def test_bins_are_found_by_name_municipality_and_postcode(client):
    gent = Municipality.objects.get(nis_code="44021")
    BINFactory(name="BIN Sint-Pieters", municipality=gent)
    BINFactory(name="BIN Oud", municipality=gent, status=BIN.Status.STOPPED)
    for query in ["Sint-Pieters", "gent", "Gand", "9000"]:
        bins = group_html(search(client, query), "bins")
        assert "BIN Sint-Pieters" in bins, query
        assert "BIN Oud" not in bins
    bins = group_html(search(client, "Gent"), "bins")
    assert 'href="/nl/bin/?q=Gent">Zoek in de BIN-gids</a>' in bins


def test_bin_search_ignores_accents_like_the_directory(client):
    BINFactory(name="PLP Centre", municipality=Municipality.objects.get(nis_code="62063"))
    for query in ["Liège", "Liege", "luik"]:
        assert "PLP Centre" in group_html(search(client, query), "bins"), query


def test_nothing_found_is_said_honestly(client):
    html = search(client, "qwertyuiop")
    assert "We vonden niets voor “qwertyuiop”." in html
    assert "data-block=" not in html


@pytest.fixture
def fake_sections(monkeypatch):
    """Stand-ins for the knowledge base and the calendar until they are part of the site."""

    def articles(request, query, limit):
        items = [Item(f"Artikel {n} over {query}", f"/nl/kennisbank/{n}/") for n in range(20)]
        return [
            Group(
                key="articles",
                title="Kennisbank",
                order=10,
                items=items[:limit],
                more_url=f"/nl/kennisbank/?q={query}",
                more_label="Alle artikels",
            )
        ]

    def events(request, query, limit):
        return [Group(key="events", title="Agenda", order=30, items=[])]

    monkeypatch.setattr(
        registry,
        "SECTIONS",
        [
            *registry.SECTIONS,
            Section(name="kb", search=articles),
            Section(name="ev", search=events),
        ],
    )


def test_groups_come_from_every_section_in_order_each_with_a_few_results(client, fake_sections):
    gent = Municipality.objects.get(nis_code="44021")
    BINFactory(name="BIN Preventie Gent", municipality=gent)
    html = search(client, "preventie")
    assert html.index('data-block="articles"') < html.index('data-block="bins"')
    articles = group_html(html, "articles")
    assert articles.count("<li") == registry.SEARCH_LIMIT
    assert '<a href="/nl/kennisbank/?q=preventie">Alle artikels</a>' in articles
    assert 'data-block="events"' not in html  # an empty group hides


def count_queries(client, query):
    search(client, query)  # once, so that the menus are cached as on a running site
    with CaptureQueriesContext(connection) as queries:
        search(client, query)
    return len(queries)


def test_search_makes_the_same_few_queries_for_small_and_large_data(client):
    # Queries: pages, matching municipalities, BINs, articles, events, courses; the menus come
    # from the cache.
    gent = Municipality.objects.get(nis_code="44021")
    BINFactory.create_batch(3, municipality=gent)
    EventFactory.create_batch(2, title_nl="Studiedag Gent")
    CourseFactory(title_nl="Opleiding in Gent")
    small = count_queries(client, "gent")
    BINFactory.create_batch(300, municipality=gent)
    PageFactory.create_batch(30, body_nl="<p>Gent en omstreken</p>")
    EventFactory.create_batch(100, title_nl="Netwerkmoment Gent")
    CourseFactory.create_batch(20, title_nl="Cursus Gent")
    large = count_queries(client, "gent")
    assert small == large == 6 + 1  # + the menus of the header and footer
