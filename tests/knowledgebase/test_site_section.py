"""The knowledge base on the site-wide pages: home, search, sitemap, dashboard, personal data."""

import pytest

from knowledgebase.site import export
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_latest_public_news_and_a_good_practice(client):
    ArticleFactory(title="Openbaar nieuwsbericht", kind="news")
    ArticleFactory(title="Nieuws voor leden", kind="news", audience="members")
    ArticleFactory(title="Actualité en français", kind="news", language="fr")
    ArticleFactory(title="Buurtwandeling", kind="good_practice")
    content = client.get("/nl/").content.decode()
    assert "Laatste nieuws" in content and "Openbaar nieuwsbericht" in content
    assert "Nieuws voor leden" not in content
    assert "Actualité en français" not in content
    assert "Buurtwandeling" in content


def test_site_search_lists_articles_and_links_to_the_knowledge_base_search(client):
    ArticleFactory(title="Inbraakpreventie in de wijk")
    ArticleFactory(title="Intern over inbraak", audience="staff")
    content = client.get("/nl/zoeken/", {"q": "inbraak"}).content.decode()
    assert "Inbraakpreventie in de wijk" in content
    assert "Intern over inbraak" not in content
    assert 'href="/nl/kennisbank/?q=inbraak"' in content


def test_sitemap_lists_public_articles_once_at_their_own_address(client):
    public = ArticleFactory(slug="openbaar-artikel")
    french = ArticleFactory(slug="article-public", language="fr")
    ArticleFactory(slug="voor-leden", audience="members")
    ArticleFactory(slug="ontwerp", status="draft")
    xml = client.get("/sitemap.xml").content.decode()
    assert xml.count(f"/nl/kennisbank/{public.slug}/<") == 1
    assert f"/fr/base-de-connaissances/{french.slug}/<" in xml
    assert "/kennisbank/artikel-public/" not in xml
    assert "voor-leden" not in xml and "ontwerp" not in xml


def test_dashboard_and_personal_data_show_the_submitted_good_practices(
    client, coordinator_a, bin_a
):
    ArticleFactory(
        title="Koffie met de wijkagent",
        kind="good_practice",
        status="review",
        submitted_by=coordinator_a,
        bin=bin_a,
    )
    client.force_login(coordinator_a)
    content = client.get("/nl/mijn/").content.decode()
    assert "Mijn goede praktijken" in content and "Koffie met de wijkagent" in content
    data = export(coordinator_a)
    assert data["good_practices_submitted"][0]["title"] == "Koffie met de wijkagent"
    assert data["good_practices_submitted"][0]["status"] == "review"
