import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from kenniscentrum.lib import registry
from kenniscentrum.lib.sections import Section, SiteSitemap
from kenniscentrum.models import Page
from tests.factories import NewsletterIssueFactory, PageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_each_public_page_in_both_languages_with_alternates(client):
    urls = sitemap(client)
    for dutch, french in [
        ("/nl/", "/fr/"),
        ("/nl/over-ons/", "/fr/a-propos/"),
        ("/nl/over-ons/doelstellingen/", "/fr/a-propos/objectifs/"),
        ("/nl/privacy/", "/fr/vie-privee/"),
        ("/nl/toegankelijkheid/", "/fr/accessibilite/"),
        ("/nl/partners/", "/fr/partenaires/"),
        ("/nl/contact/", "/fr/contact/"),
        ("/nl/nieuwsbrief/", "/fr/lettre-d-information/"),
        ("/nl/nieuwsbrief/archief/", "/fr/lettre-d-information/archives/"),
    ]:
        nl, fr = f"http://testserver{dutch}", f"http://testserver{french}"
        assert urls[nl] == urls[fr]
        assert urls[nl]["nl"] == nl and urls[nl]["fr"] == fr
    assert urls["http://testserver/nl/"]["x-default"] == "http://testserver/"
    assert urls["http://testserver/nl/partners/"]["x-default"] == "http://testserver/nl/partners/"


def test_sitemap_leaves_out_unpublished_and_personal_pages(client):
    PageFactory(slug="concept", published=False)
    urls = " ".join(sitemap(client))
    assert "concept" not in urls
    assert "/mijn/" not in urls and "/zoeken/" not in urls


def test_a_newsletter_issue_is_listed_in_its_own_language_only(client):
    issue = NewsletterIssueFactory(language="fr", status="sent", sent_at=timezone.now())
    urls = sitemap(client)
    french = f"http://testserver/fr/lettre-d-information/{issue.pk}/"
    assert urls[french] == {"fr": french}
    assert f"http://testserver/nl/nieuwsbrief/{issue.pk}/" not in urls


def test_other_apps_add_their_pages_through_the_registry(client, monkeypatch):
    class FakeSitemap(SiteSitemap):
        def items(self):
            return ["kennisbank/artikel/"]

        def location(self, item):
            from django.utils.translation import get_language

            return f"/{get_language()}/{item}"

    section = Section(name="fake", sitemaps={"articles": FakeSitemap})
    monkeypatch.setattr(registry, "SECTIONS", [*registry.SECTIONS, section])
    urls = sitemap(client)
    assert "http://testserver/nl/kennisbank/artikel/" in urls
    assert "http://testserver/fr/kennisbank/artikel/" in urls


def test_robots_keep_crawlers_out_of_personal_pages_and_point_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    for path in [
        "/admin/",
        "/nl/mijn/",
        "/fr/mon-espace/",
        "/nl/account/",
        "/fr/compte/",
        "/nl/nieuwsbrief/uitschrijven/",
        "/fr/lettre-d-information/desinscription/",
    ]:
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_every_page_has_a_canonical_url_and_sharing_metadata(client):
    html = client.get("/nl/over-ons/?utm_source=nieuwsbrief").content.decode()
    assert '<link rel="canonical" href="http://testserver/nl/over-ons/">' in html
    assert meta(html, "property", "og:url") == "http://testserver/nl/over-ons/"
    assert meta(html, "property", "og:title") == "Over ons"
    assert meta(html, "property", "og:description").startswith("Het BIN Kenniscentrum vzw brengt")
    assert meta(html, "property", "og:image") == "http://testserver/static/img/og-image.png"
    assert meta(html, "property", "og:locale") == "nl_BE"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:title") == "Over ons"
    assert "<title>Over ons | BIN Kenniscentrum</title>" in html


def test_a_page_with_a_cover_shares_its_cover(client):
    Page.objects.filter(key="about").update(
        cover="pages/omslag.png", cover_alt="Coördinatoren op een studiedag"
    )
    html = client.get("/fr/a-propos/").content.decode()
    assert meta(html, "property", "og:image") == "http://testserver/media/pages/omslag.png"
    assert meta(html, "name", "twitter:image") == "http://testserver/media/pages/omslag.png"
    assert meta(html, "property", "og:image:alt") == "Coördinatoren op een studiedag"
    assert meta(html, "property", "og:locale") == "fr_BE"


def test_the_sharing_image_exists_in_the_size_social_networks_expect():
    from pathlib import Path

    png = (Path(__file__).resolve().parents[2] / "static/img/og-image.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1200, 630)
