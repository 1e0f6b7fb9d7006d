import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kenniscentrum.lib import registry
from kenniscentrum.lib.sections import Figure, Group, Item, Section
from members.models import BIN, Municipality
from tests.factories import (
    BINFactory,
    CourseFactory,
    EventFactory,
    PartnerFactory,
    course_session,
)

pytestmark = pytest.mark.django_db

GENT, LIEGE, ANTWERPEN = "44021", "62063", "11002"


def home(client, lang="nl"):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    return response.content.decode()


def bin_in(nis_code, **kwargs):
    return BINFactory(municipality=Municipality.objects.get(nis_code=nis_code), **kwargs)


@pytest.fixture
def fake_section(monkeypatch):
    """A stand-in for an app that has not landed yet (news, events, trainings)."""

    def home_groups(request):
        return [
            Group(
                key="news",
                title="Laatste nieuws",
                order=10,
                items=[Item("Nieuwe handleiding", "/nl/kennisbank/handleiding/", "Lees ze")],
                more_url="/nl/kennisbank/",
                more_label="Al het nieuws",
            ),
            Group(key="events", title="Agenda", order=20, items=[]),  # nothing planned
        ]

    def figures():
        return [
            Figure("trainings", "opleidingen gegeven", 12, order=30),
            Figure("none", "niets", 0),
        ]

    section = Section(name="fake", home=home_groups, figures=figures)
    monkeypatch.setattr(registry, "SECTIONS", [*registry.SECTIONS, section])
    return section


def test_home_tells_who_we_are_and_offers_the_bin_search(client):
    html = home(client)
    assert "<h1" in html and "BIN Kenniscentrum" in html
    assert "Samenwerken om de buurtinformatienetwerken de plaats te geven die ze verdienen" in html
    assert re.search(r'<form[^>]*action="/nl/bin/"[^>]*role="search"', html)
    assert 'name="q"' in html


def test_home_in_french(client):
    html = home(client, "fr")
    assert "Travailler ensemble pour donner aux partenariats locaux de prévention" in html
    assert 'action="/fr/plp/"' in html


def test_without_content_every_block_hides_itself(client):
    html = home(client)
    assert "Kerncijfers" not in html
    assert "Onze partners" not in html
    assert "data-block=" not in html


def test_key_figures_count_active_bins_per_region_and_joined_bins(client):
    bin_in(GENT, joined_on="2020-01-01")
    bin_in(ANTWERPEN)
    bin_in(LIEGE, joined_on="2021-05-01")
    bin_in(GENT, status=BIN.Status.STOPPED, joined_on="2019-01-01")  # not counted
    bin_in(GENT, status=BIN.Status.STARTING)  # shown in the directory, not active yet
    html = home(client)
    assert "Kerncijfers" in html
    figures = re.search(r'data-figure="bins">(.*?)</div>', html, re.S).group(1)
    assert '<span class="key-figure-value">3</span> actieve BIN' in figures
    assert "Vlaams Gewest: 2" in figures
    assert "Waals Gewest: 1" in figures
    joined = re.search(r'data-figure="joined">(.*?)</div>', html, re.S).group(1)
    assert '<span class="key-figure-value">2</span>' in joined


def test_key_figures_name_regions_in_french(client):
    bin_in(LIEGE)
    assert "Région wallonne: 1" in home(client, "fr")


def test_partner_logos_show_with_their_alt_text(client):
    PartnerFactory(name="Met logo", logo="partners/a.png", logo_alt="Logo van Met logo", order=1)
    PartnerFactory(name="Zonder logo", order=2)
    PartnerFactory(name="Niet actief", active=False)
    html = home(client)
    assert "Onze partners" in html
    assert 'src="/media/partners/a.png" alt="Logo van Met logo"' in html
    assert '<span class="partner-name">Zonder logo</span>' in html
    assert "Niet actief" not in html


def test_blocks_of_other_apps_come_through_the_registry_and_hide_when_empty(client, fake_section):
    html = home(client)
    assert 'data-block="news"' in html
    assert 'href="/nl/kennisbank/handleiding/"' in html
    assert '<a href="/nl/kennisbank/">Al het nieuws</a>' in html
    assert 'data-block="events"' not in html
    assert '<span class="key-figure-value">12</span> opleidingen gegeven' in html
    assert "niets" not in html


def test_home_carries_schema_org_organisation_data(client):
    html = home(client)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Organization"
    assert data["name"] == "BIN Kenniscentrum vzw"
    assert data["url"] == "http://testserver/nl/"
    assert data["logo"] == "http://testserver/static/img/logo.png"
    assert "application/ld+json" not in client.get("/nl/partners/").content.decode()


def count_queries(client):
    home(client)  # once, so that the menus are cached as on a running site
    with CaptureQueriesContext(connection) as queries:
        home(client)
    return len(queries)


def add_content(bins, partners, events, sessions):
    BINFactory.create_batch(bins, joined_on="2020-01-01")
    PartnerFactory.create_batch(partners)
    EventFactory.create_batch(events)
    course = CourseFactory()
    for _ in range(sessions):
        course_session(course)
        course_session(course, starts_at=timezone.now() - timedelta(days=30))


def test_home_makes_the_same_few_queries_for_small_and_large_data(client, fake_section):
    # Queries: partners; BIN figures (per region, in one query); the latest news; a good
    # practice; upcoming events; upcoming training sessions with their course; training sessions
    # held. The menus come from the cache.
    add_content(bins=2, partners=1, events=2, sessions=1)
    small = count_queries(client)
    add_content(bins=300, partners=40, events=100, sessions=30)
    large = count_queries(client)
    assert small == large == 7 + 1  # + the menus of the header and footer
