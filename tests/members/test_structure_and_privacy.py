"""The structure page, and the promise that no public page shows a coordinator's or police
officer's e-mail address or phone number."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import BoardMandate, Province
from tests.factories import BINFactory, BoardMandateFactory, UserFactory, WorkingMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]


def test_structure_shows_the_board_by_province_and_members_per_province(client):
    antwerpen = Province.objects.get(slug="antwerpen")
    BoardMandateFactory(
        user=UserFactory(full_name="Bob Bestuur", email="bob@example.org"),
        function=BoardMandate.Function.CHAIR,
    )
    BoardMandateFactory(user=UserFactory(full_name="Karel Antwerpen"), province=antwerpen)
    BoardMandateFactory(
        user=UserFactory(full_name="Oud Bestuurslid"), start=date(2015, 1, 1), end=date(2019, 1, 1)
    )
    for _ in range(3):
        WorkingMemberFactory(province=antwerpen)
    WorkingMemberFactory(province=antwerpen, admitted_on=date(2015, 1, 1), left_on=date(2016, 1, 1))
    BINFactory(joined_on=date(2020, 1, 1), municipality=antwerpen.municipalities.first())
    BINFactory(
        joined_on=date(2020, 1, 1), municipality=antwerpen.municipalities.first(), status="stopped"
    )
    response = client.get("/nl/over-ons/structuur/")
    html = response.content.decode()
    assert "Bob Bestuur, voorzitter" in html
    assert "Karel Antwerpen, bestuurder" in html
    assert "Oud Bestuurslid" not in html
    assert "bob@example.org" not in html
    rows = {p.slug: p for p in response.context["provinces"]}
    assert rows["antwerpen"].working_member_count == 3
    assert rows["antwerpen"].joined_bin_count == 1  # the stopped BIN no longer counts
    assert response.context["board_size"] == 2
    french = client.get("/fr/a-propos/structure/").content.decode()
    assert "Bob Bestuur, président" in french and "Anvers" in french


def test_structure_page_makes_the_same_queries_for_any_size(client):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/nl/over-ons/structuur/").status_code == 200
        return len(context.captured_queries)

    BoardMandateFactory()
    WorkingMemberFactory()
    small = count()
    for _ in range(20):
        BoardMandateFactory(end=date(2020, 1, 1), start=date(2019, 1, 1))
        WorkingMemberFactory()
        BINFactory(joined_on=date(2020, 1, 1))
    assert count() == small
    # provinces with their counts; the current board; the editable text above; the menus
    assert small <= 4


def public_pages(client, bins):
    pages = ["/nl/", "/fr/", "/nl/bin/", "/fr/plp/", "/nl/bin/?q=9000", "/fr/plp/?q=Liege"]
    pages += ["/nl/bin-starten/", "/nl/over-ons/structuur/", "/fr/a-propos/structure/"]
    for bin_ in bins:
        pages += [f"/nl/bin/{bin_.slug}/", f"/fr/plp/{bin_.slug}/"]
        pages += [f"/nl/bin/{bin_.slug}/contact/", f"/fr/plp/{bin_.slug}/contact/"]
    return pages


def test_no_public_page_shows_a_coordinators_or_officers_address(
    client, bin_a, bin_b, coordinator_a, coordinator_b, police_officer
):
    # People have no phone number on the site (only start requests do, never shown publicly):
    # the e-mail addresses are what could leak.
    secrets = [coordinator_a.email, coordinator_b.email, police_officer.email]
    # A coordinator who is also on the board and a working member: still never by address.
    BoardMandateFactory(user=coordinator_b)
    WorkingMemberFactory(user=police_officer)
    for bin_ in (bin_a, bin_b):
        bin_.description = "<p>Welkom bij onze BIN.</p>"
        bin_.save()
    # After a message was relayed, the confirmation page does not reveal them either.
    client.post(
        f"/nl/bin/{bin_a.slug}/contact/",
        {
            "name": "Vera",
            "email": "vera@example.org",
            "message": "Een vraag voor jullie.",
            "consent": "on",
        },
        follow=True,
    )
    for url in public_pages(client, [bin_a, bin_b]):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, f"{secret} on {url}"
