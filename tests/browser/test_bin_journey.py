"""Journeys through the BIN directory in a real browser: a citizen finds a BIN and writes to it;
a coordinator edits the BIN's description and sees it on the public page."""

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations
from tests.factories import PASSWORD, BoardMandateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_citizen_finds_the_bin_for_a_postcode_and_sends_it_a_message(page, coordinator_a):
    page.goto("/nl/")
    page.get_by_role("searchbox", name="Vind de BIN in uw buurt").fill("9000")
    page.get_by_role("search", name="Vind de BIN in uw buurt").get_by_role(
        "button", name="Zoeken"
    ).click()

    page.get_by_role("link", name="BIN Gent Sint-Pieters").click()
    assert page.get_by_role("heading", level=1).inner_text() == "BIN Gent Sint-Pieters"

    page.get_by_role("link", name="Stuur een bericht").click()
    page.get_by_label("Uw naam").fill("Vera Vraag")
    page.get_by_label("Uw e-mailadres").fill("vera@example.org")
    page.get_by_label("Uw bericht").fill("Hoe kan ik lid worden van jullie BIN?")
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Bericht versturen").click()

    expect(page.get_by_text("Uw bericht is verstuurd naar de coördinatoren")).to_be_visible()
    assert "coordinator.a@example.org" not in page.content()
    relayed = next(m for m in mail.outbox if m.to == ["coordinator.a@example.org"])
    assert relayed.reply_to == ["vera@example.org"]
    assert "Hoe kan ik lid worden" in relayed.body


def test_coordinator_edits_the_description_and_sees_it_on_the_public_page(page, coordinator_a):
    page.goto("/nl/mijn/bin/")
    # Mijn BIN needs a login, which brings the coordinator back here.
    page.get_by_label("E-mail").fill("coordinator.a@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    page.get_by_role("link", name="BIN Gent Sint-Pieters").click()
    page.get_by_role("link", name="Profiel").click()
    page.get_by_label("Publieke beschrijving").fill(
        "Wij zijn de buren van Sint-Pieters.\n\nIedereen is welkom op onze infoavond."
    )
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het profiel van de BIN is bijgewerkt.")).to_be_visible()

    page.get_by_role("link", name="Publieke pagina bekijken").click()
    expect(page.get_by_text("Iedereen is welkom op onze infoavond.")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/nl/bin/?q=9000",
        "/nl/bin/bin-gent-sint-pieters/",
        "/nl/bin/bin-gent-sint-pieters/contact/",
        "/fr/creer-un-plp/?postcode=9000",
        "/nl/over-ons/structuur/",
    ],
)
def test_bin_pages_have_no_serious_accessibility_violation(axe_page, coordinator_a, path):
    BoardMandateFactory()
    axe_page.goto(path)
    assert serious_violations(axe_page) == []


@pytest.mark.parametrize("page_path", ["profiel/", "team/", "charter/"])
def test_mijn_bin_pages_have_no_serious_accessibility_violation(axe_page, coordinator_a, page_path):
    target = f"/nl/mijn/bin/bin-gent-sint-pieters/{page_path}"
    axe_page.goto(f"/nl/account/login/?next={target}")
    axe_page.get_by_label("E-mail").fill("coordinator.a@example.org")
    axe_page.get_by_label("Wachtwoord").fill(PASSWORD)
    axe_page.get_by_role("button", name="Aanmelden").click()
    axe_page.wait_for_url(f"**{target}")
    assert serious_violations(axe_page) == []
