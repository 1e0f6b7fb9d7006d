"""The public BIN directory and BIN pages: search, filters, counts, the "no BIN here" offer."""

from datetime import date

import pytest

from members.models import BIN, BINType, Municipality, PostalCode
from tests.factories import ArticleFactory, BINFactory, CharterFactory, EventFactory

pytestmark = pytest.mark.django_db


def names(response):
    return sorted(b.name for b in response.context["bins"])


@pytest.fixture
def bin_antwerpen(db):
    return BINFactory(
        name="BIN Voorbeeldwijk Antwerpen",
        municipality=Municipality.objects.get(nis_code="11002"),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/nl/bin/?q=Liège",
        "/nl/bin/?q=Liege",
        "/nl/bin/?q=Luik",
        "/fr/plp/?q=liege",
        "/nl/bin/?q=LUIK",
    ],
)
def test_a_municipality_is_found_by_its_dutch_or_french_name_accents_and_case_optional(
    client, bin_a, bin_b, url
):
    response = client.get(url)
    assert response.status_code == 200
    assert names(response) == ["PLP Liège Centre"]


def test_a_postcode_finds_the_bins_of_its_municipality(client, bin_a, bin_b, bin_antwerpen):
    assert names(client.get("/nl/bin/?q=9000")) == ["BIN Gent Sint-Pieters"]
    # 9040 (Sint-Amandsberg) is a postcode of Gent too.
    assert names(client.get("/nl/bin/?q=9040")) == ["BIN Gent Sint-Pieters"]
    assert names(client.get("/nl/bin/?q=4000")) == ["PLP Liège Centre"]


def test_a_postcode_finds_a_bin_that_serves_it_from_another_municipality(client, bin_a):
    # Merelbeke (9820) borders Gent; this BIN serves a street across the border.
    bin_a.postal_codes.add(PostalCode.objects.get(code="9820"))
    assert names(client.get("/nl/bin/?q=9820")) == ["BIN Gent Sint-Pieters"]


def test_a_bin_is_listed_once_even_when_several_of_its_postcodes_match(client, bin_a):
    bin_a.postal_codes.add(*PostalCode.objects.filter(code="9000"))
    assert names(client.get("/nl/bin/?q=9000")) == ["BIN Gent Sint-Pieters"]


def test_active_bins_by_default_and_a_status_filter(client, bin_a):
    BINFactory(name="BIN Gent Slapend", municipality=bin_a.municipality, status="dormant")
    BINFactory(name="BIN Gent Gestopt", municipality=bin_a.municipality, status="stopped")
    assert names(client.get("/nl/bin/?q=Gent")) == ["BIN Gent Sint-Pieters"]
    assert names(client.get("/nl/bin/?q=Gent&status=dormant")) == ["BIN Gent Slapend"]
    # "all" means every public status: stopped and merged BINs are never listed.
    assert names(client.get("/nl/bin/?q=Gent&status=all")) == [
        "BIN Gent Sint-Pieters",
        "BIN Gent Slapend",
    ]


def test_type_and_province_filters(client, bin_a, bin_b, bin_antwerpen):
    business = BINType.objects.get(code="bin-z")
    BINFactory(name="BIN-Z Gent Winkelstraat", municipality=bin_a.municipality, type=business)
    assert names(client.get("/nl/bin/?type=bin-z")) == ["BIN-Z Gent Winkelstraat"]
    assert names(client.get("/nl/bin/?province=oost-vlaanderen")) == [
        "BIN Gent Sint-Pieters",
        "BIN-Z Gent Winkelstraat",
    ]
    assert names(client.get("/nl/bin/?province=luik&type=bin")) == ["PLP Liège Centre"]


def test_counts_per_province_follow_the_search_but_not_the_province_filter(
    client, bin_a, bin_b, bin_antwerpen
):
    BINFactory(municipality=bin_a.municipality)
    response = client.get("/nl/bin/?province=luik")
    counts = {e["province"].slug: e["count"] for e in response.context["province_counts"]}
    assert counts["oost-vlaanderen"] == 2
    assert counts["luik"] == 1
    assert counts["antwerpen"] == 1
    assert counts["limburg"] == 0
    html = response.content.decode()
    assert 'Oost-Vlaanderen</a> <span class="text-body-secondary">(2)</span>' in html
    assert names(response) == ["PLP Liège Centre"]


def test_the_directory_is_paginated_and_keeps_the_filters(client, bin_a):
    for n in range(25):
        BINFactory(name=f"BIN Gent {n:02d}", municipality=bin_a.municipality)
    first = client.get("/nl/bin/?q=9000")
    assert len(first.context["bins"]) == 20
    assert 'href="?q=9000&amp;page=2"' in first.content.decode()
    second = client.get("/nl/bin/?q=9000&page=2")
    assert len(second.context["bins"]) == 6


def test_the_search_form_keeps_what_was_chosen_and_names_a_wrong_choice(client, bin_a):
    html = client.get("/nl/bin/?q=9000&province=nergens&type=bin-z&status=dormant").content.decode()
    assert '<input type="text" name="q" value="9000"' in html
    assert '<option value="bin-z" selected>BIN-Z</option>' in html
    assert '<option value="dormant" selected>slapend</option>' in html
    assert '<label for="id_province" class="form-label">Provincie</label>' in html
    assert 'aria-invalid="true" aria-describedby="id_province_error"' in html
    assert '<div id="id_province_error" class="invalid-feedback">' in html
    assert "Selecteer een geldige keuze." in html
    # the wrong province is ignored, the other filters still apply
    assert names(client.get("/nl/bin/?q=9000&province=nergens")) == ["BIN Gent Sint-Pieters"]


def test_no_bin_for_a_postcode_offers_to_start_one_with_the_postcode(client, bin_a):
    response = client.get("/nl/bin/?q=8300")
    html = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "Er is (nog) geen BIN bekend voor 8300 Knokke-Heist." in html
    assert 'href="/nl/bin-starten/?postcode=8300"' in html
    form = client.get("/nl/bin-starten/?postcode=8300").content.decode()
    assert 'name="postcode" value="8300"' in form


def test_no_bin_for_a_municipality_name_carries_its_postcode(client):
    html = client.get("/fr/plp/?q=knokke-heist").content.decode()
    assert "Knokke-Heist" in html
    assert 'href="/fr/creer-un-plp/?postcode=8300"' in html


def test_an_unknown_postcode_is_said_to_be_unknown(client):
    html = client.get("/nl/bin/?q=0001").content.decode()
    assert "geen Belgische postcode die we kennen" in html
    assert "?postcode=" not in html


def test_bin_page_shows_the_public_profile(client, bin_a):
    bin_a.area_description = "Sint-Pietersplein en omgeving"
    bin_a.channels = ["be_alert", "email"]
    bin_a.member_count = 240
    bin_a.member_count_on = date(2024, 9, 1)
    bin_a.joined_on = date(2020, 5, 1)
    bin_a.website = "https://bin.example.org"
    bin_a.save()
    CharterFactory(bin=bin_a, sent_to_fod_on=date(2022, 3, 8), acknowledged_on=date(2022, 4, 1))
    response = client.get("/nl/bin/bin-gent-sint-pieters/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "<h1>BIN Gent Sint-Pieters</h1>",
        "Een fictieve BIN voor de tests.",
        "Gent (Oost-Vlaanderen)",
        "Sint-Pietersplein en omgeving",
        "BE-Alert, e-mail",
        "240 leden, op 1 september 2024",
        "Toegetreden lid van het BIN Kenniscentrum",
        "Ja: de FOD Binnenlandse Zaken heeft het charter ontvangen.",
        'href="/nl/bin/bin-gent-sint-pieters/contact/"',
    ]:
        assert text in html


def test_bin_page_in_french_names_the_place_in_french(client, bin_b):
    html = client.get("/fr/plp/plp-liege-centre/").content.decode()
    assert "Liège (Liège)" in html
    assert "Pas encore" in html  # not recognised


def test_stopped_bins_have_no_public_page(client):
    BINFactory(slug="bin-gestopt", status=BIN.Status.STOPPED)
    assert client.get("/nl/bin/bin-gestopt/").status_code == 404


# --- Query counts ----------------------------------------------------------------------------


def make_bins(count, municipality):
    bins = BINFactory.create_batch(count, municipality=municipality)
    for bin_ in bins[::3]:
        CharterFactory(bin=bin_, sent_to_fod_on=date(2022, 3, 8), acknowledged_on=date(2022, 4, 1))
    return bins


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # counts per province (the total too), the provinces (for the counts and the form), the
        # types of the form, the page of BINs (with recognition)
        # (each with one query for the menus of the header and footer)
        ("/nl/bin/?q=9000", 5),
        ("/nl/bin/", 5),
        # the same, plus resolving the municipality name and checking the type filter
        ("/nl/bin/?q=Gent&type=bin&status=active", 7),
    ],
)
def test_directory_makes_the_same_few_queries_for_10_and_300_bins(
    client, url, expected, django_assert_num_queries
):
    gent = Municipality.objects.get(nis_code="44021")
    make_bins(10, gent)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["bins"]) == 10
    make_bins(290, gent)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["bins"]) == 20  # a full page


def test_bin_page_makes_the_same_few_queries_for_10_and_300_bins(client, django_assert_num_queries):
    gent = Municipality.objects.get(nis_code="44021")
    target = make_bins(10, gent)[0]
    url = target.get_absolute_url()
    # the BIN with its type, municipality, province, police zone, recognition and whether any
    # good practice or event links to it: nothing does, so nothing more
    with django_assert_num_queries(1 + 1):  # + the menus
        assert client.get(url).status_code == 200
    make_bins(290, gent)
    for _ in range(5):
        CharterFactory(bin=target, sent_to_fod_on=date(2022, 3, 8))
        ArticleFactory(kind="good_practice", bin=target)
        EventFactory(kind="bin_event", bin=target)
    # the same, then its published good practices and its upcoming events
    with django_assert_num_queries(3 + 1):
        assert client.get(url).status_code == 200


def test_provinces_follow_the_alphabet_of_the_page_language(client):
    dutch = [e["province"].slug for e in client.get("/nl/bin/").context["province_counts"]]
    french = [e["province"].slug for e in client.get("/fr/plp/").context["province_counts"]]
    assert dutch[:2] == ["antwerpen", "brussel"]
    assert french[:2] == ["antwerpen", "vlaams-brabant"]  # Anvers, Brabant flamand
