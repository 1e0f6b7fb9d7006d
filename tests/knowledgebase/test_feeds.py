"""RSS 2.0 and Atom feeds: structure, contents per language and theme, listed in the head."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles():
    theme = ThemeFactory(slug="fietsdiefstal", name_nl="Fietsdiefstal", name_fr="Vol de vélos")
    return {
        "news_nl": ArticleFactory(title="Nieuws over fietsen", kind="news", themes=[theme]),
        "guide_nl": ArticleFactory(title="Handleiding fietsslot", kind="guide", themes=[theme]),
        "news_fr": ArticleFactory(language="fr", title="Actualité vélo", kind="news"),
        "members": ArticleFactory(title="Ledennieuws", kind="news", audience="members"),
        "draft": ArticleFactory(title="Ontwerpnieuws", kind="news", status="draft"),
    }


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required).text
    items = channel.findall("item")
    for item in items:
        for required in ("title", "link", "description", "guid", "pubDate"):
            assert item.find(required) is not None, required
        assert item.find("link").text.startswith("http://testserver/")
    return channel, [item.find("title").text for item in items]


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return [entry.find(f"{ATOM}title").text for entry in entries]


def test_dutch_rss_of_all_public_articles(client, articles):
    channel, titles = rss_items(client, "/nl/feeds/kennisbank/rss/")
    assert channel.find("language").text == "nl"
    assert set(titles) == {"Nieuws over fietsen", "Handleiding fietsslot"}


def test_news_feeds_hold_news_only(client, articles):
    _, titles = rss_items(client, "/nl/feeds/nieuws/rss/")
    assert titles == ["Nieuws over fietsen"]
    assert atom_entries(client, "/nl/feeds/nieuws/atom/") == ["Nieuws over fietsen"]


def test_french_feeds(client, articles):
    channel, titles = rss_items(client, "/fr/flux/actualites/rss/")
    assert channel.find("language").text == "fr"
    assert titles == ["Actualité vélo"]
    assert atom_entries(client, "/fr/flux/base-de-connaissances/atom/") == ["Actualité vélo"]


def test_theme_feeds(client, articles):
    _, titles = rss_items(client, "/nl/feeds/thema/fietsdiefstal/rss/")
    assert set(titles) == {"Nieuws over fietsen", "Handleiding fietsslot"}
    assert set(atom_entries(client, "/nl/feeds/thema/fietsdiefstal/atom/")) == set(titles)
    assert client.get("/nl/feeds/thema/bestaat-niet/rss/").status_code == 404


@pytest.mark.parametrize(
    "page, feeds",
    [
        ("/nl/kennisbank/", ["/nl/feeds/kennisbank/rss/", "/nl/feeds/nieuws/atom/"]),
        ("/nl/kennisbank/thema/fietsdiefstal/", ["/nl/feeds/thema/fietsdiefstal/rss/"]),
        ("/fr/base-de-connaissances/", ["/fr/flux/actualites/rss/"]),
    ],
)
def test_feeds_are_listed_in_the_page_head(client, articles, page, feeds):
    head = client.get(page).content.decode().split("</head>")[0]
    for feed in feeds:
        assert f'href="{feed}"' in head
    assert 'rel="alternate" type="application/rss+xml"' in head
