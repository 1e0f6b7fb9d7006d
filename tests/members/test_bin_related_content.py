"""A BIN page lists the good practices and events linked to the BIN, published ones only."""

import pytest

from tests.factories import ArticleFactory, BINFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_bin_page_lists_its_published_good_practices_and_upcoming_events(client, bin_a):
    ArticleFactory(kind="good_practice", bin=bin_a, title="Buren letten op elkaars woning")
    ArticleFactory(kind="good_practice", bin=bin_a, title="Nog een ontwerp", status="draft")
    EventFactory(kind="bin_event", bin=bin_a, title_nl="Preventiewandeling met de wijkagent")
    EventFactory(kind="bin_event", bin=BINFactory(), title_nl="Activiteit van een andere BIN")
    html = client.get(bin_a.get_absolute_url()).content.decode()
    assert "Buren letten op elkaars woning" in html
    assert "Preventiewandeling met de wijkagent" in html
    assert "Nog een ontwerp" not in html
    assert "Activiteit van een andere BIN" not in html


def test_bin_page_without_linked_content_shows_no_empty_headings(client, bin_a):
    html = client.get(bin_a.get_absolute_url()).content.decode()
    assert "Goede praktijken" not in html
    assert "Activiteiten</h2>" not in html


def test_bin_page_with_only_unpublished_linked_content_shows_no_empty_headings(client, bin_a):
    ArticleFactory(kind="good_practice", bin=bin_a, title="Nog een ontwerp", status="draft")
    EventFactory(kind="bin_event", bin=bin_a, title_nl="Nog niet gepubliceerd", status="draft")
    html = client.get(bin_a.get_absolute_url()).content.decode()
    assert "Goede praktijken" not in html
    assert "Activiteiten</h2>" not in html
    assert "Nog een ontwerp" not in html
    assert "Nog niet gepubliceerd" not in html


def test_content_newly_linked_to_a_bin_shows_on_its_cached_page_at_once(client, bin_a, settings):
    # The page reads only the BIN when nothing links to it: it must still depend on the tables
    # of what may link to it, or a cached copy would hide the first good practice and event.
    settings.PAGE_CACHE_SECONDS = 600
    url = bin_a.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    ArticleFactory(kind="good_practice", bin=bin_a, title="Eerste goede praktijk van de buurt")
    assert "Eerste goede praktijk van de buurt" in client.get(url).content.decode()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    EventFactory(kind="bin_event", bin=bin_a, title_nl="Eerste buurtwandeling")
    assert "Eerste buurtwandeling" in client.get(url).content.decode()
