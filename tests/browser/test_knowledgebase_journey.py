import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from knowledgebase.demo import seed
from knowledgebase.models import Article
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_opens_a_result_and_switches_to_french(page, live_server):
    seed()
    page.goto("/nl/kennisbank/")
    main = page.get_by_role("main")
    main.get_by_label("Zoeken in de kennisbank").fill("inbraak")
    main.get_by_role("button", name="Zoeken").click()
    assert "q=inbraak" in page.url
    results = page.locator(".kb-results")
    expect(results.get_by_text("inbraakpreventie", exact=False).first).to_be_visible()

    results.get_by_role("link", name="Inbraakpreventie: tien tips voor een veilige woning").click()
    assert page.url.endswith("/nl/kennisbank/inbraakpreventie-tien-tips/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Inbraakpreventie")

    page.get_by_role("navigation", name="Taal").get_by_role("link", name="FR").click()
    assert page.url == (
        f"{live_server.url}/fr/base-de-connaissances/prevention-cambriolages-dix-conseils/"
    )
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Prévention des cambriolages" in page.get_by_role("heading", level=1).inner_text()
    # The link to the twin speaks the language of the page it leads to.
    expect(page.get_by_role("link", name="Lees dit artikel in het Nederlands")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/nl/kennisbank/",
        "/nl/kennisbank/?q=fiets",
        "/nl/kennisbank/inbraakpreventie-tien-tips/",
        "/fr/base-de-connaissances/guide-coordinateur-relayer-les-messages/",
        "/fr/base-de-connaissances/documents/",
    ],
)
def test_knowledge_base_pages_have_no_serious_accessibility_violation(axe_page, path):
    seed()
    axe_page.goto(path)
    assert serious_violations(axe_page) == []


def test_editor_writes_in_the_rich_text_editor_under_the_strict_policy(
    browser, live_server, editor
):
    seed()
    article = Article.objects.get(slug="inbraakpreventie-tien-tips")
    client = Client()
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"/admin/knowledgebase/article/{article.pk}/change/")
    editor_area = page.locator('.ProseMirror[contenteditable="true"]')
    editor_area.wait_for()
    editor_area.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Nog een laatste tip.")
    page.get_by_role("button", name=re.compile("^(Bewaren|Opslaan)$")).first.click()
    page.wait_for_url(re.compile(r"/admin/knowledgebase/article/$"))
    article.refresh_from_db()
    assert "Nog een laatste tip." in article.body
    assert blocked == []  # neither its scripts nor its style were refused by the policy
    context.close()
