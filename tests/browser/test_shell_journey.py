import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_lands_in_dutch_switches_to_french_and_logs_in(page, live_server):
    UserFactory(email="bezoeker@example.org", full_name="Vera Bezoeker")
    page.goto("/")
    assert page.url == f"{live_server.url}/nl/"
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_role("navigation", name="Taal").get_by_role("link", name="FR").click()
    assert page.url == f"{live_server.url}/fr/"
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill("bezoeker@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url(f"{live_server.url}/fr/")
    expect(page.get_by_role("navigation", name="Compte").get_by_text("Vera")).to_be_visible()


def test_skip_link_is_the_first_stop_for_the_keyboard(page):
    page.goto("/nl/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("path", ["/", "/account/login/", "/bestaat-niet/"])
def test_pages_have_no_serious_accessibility_violation(axe_page, lang, path):
    if path == "/account/login/" and lang == "fr":
        path = "/compte/login/"
    axe_page.goto(f"/{lang}{path}")
    assert axe_page.locator("html").get_attribute("lang") == lang
    assert serious_violations(axe_page) == []
