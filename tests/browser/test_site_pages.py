"""The site-wide pages in a real browser: accessibility in both languages, the CSP and the
newsletter's double opt-in from the e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kenniscentrum import demo
from kenniscentrum.newsletter import mailing as newsletter
from kenniscentrum.newsletter.models import NewsletterIssue, NewsletterSubscriber
from members.models import Municipality
from tests.browser.conftest import serious_violations
from tests.factories import BINFactory, BINRoleFactory, NewsletterSubscriberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.seed()
    gent = Municipality.objects.get(nis_code="44021")
    bin_a = BINFactory(name="BIN Gent Centrum", municipality=gent, joined_on="2020-01-01")
    return bin_a


def pages(lang, subscriber):
    issue = NewsletterIssue.objects.sent().filter(language=lang).first()
    confirm = newsletter.signing.make_token(
        newsletter.CONFIRM, {"s": subscriber.pk, "l": lang, "t": ["news"], "c": 0}
    )
    unsubscribe = newsletter.unsubscribe_token(subscriber)
    with translation.override(lang):
        return [
            reverse("home"),
            reverse("about"),
            reverse("objectives"),
            reverse("members:structure"),
            reverse("page", kwargs={"slug": "lid-worden"}),
            reverse("privacy"),
            reverse("accessibility"),
            reverse("partners"),
            reverse("contact"),
            reverse("newsletter"),
            reverse("newsletter_pending"),
            reverse("newsletter_archive"),
            reverse("newsletter_issue", kwargs={"pk": issue.pk}),
            reverse("newsletter_confirm", kwargs={"token": confirm}),
            reverse("newsletter_unsubscribe", kwargs={"token": unsubscribe}),
            reverse("newsletter_unsubscribe", kwargs={"token": "vervalst"}),
            reverse("search") + "?q=gent",
            reverse("search") + "?q=qwertyuiop",
            reverse("search") + "?q=a",
            reverse("dashboard"),
            reverse("personal_data"),
        ]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_site_wide_page_has_no_serious_accessibility_violation(
    axe_page, live_server, site_content, lang
):
    user = UserFactory(email="axe@example.org", full_name="Axel Toets", preferred_language=lang)
    BINRoleFactory(user=user, bin=site_content)
    subscriber = NewsletterSubscriberFactory(email="axe@example.org", language=lang)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    axe_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    problems = {}
    for path in pages(lang, subscriber):
        axe_page.goto(path)
        assert axe_page.url == f"{live_server.url}{path}"  # the page itself, not a login page
        assert axe_page.locator("html").get_attribute("lang") == lang, path
        assert axe_page.locator("h1").count() == 1, path
        violations = serious_violations(axe_page)
        if violations:
            problems[path] = violations
    assert problems == {}


def test_structured_data_on_the_home_page_is_not_blocked_by_the_csp(page, site_content):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto("/nl/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    data = page.locator('script[type="application/ld+json"]').text_content()
    assert '"@type": "Organization"' in data
    page.reload()
    assert not [m for m in messages if "Content Security Policy" in m]


def test_visitor_subscribes_to_the_newsletter_and_confirms_from_the_email(
    page, live_server, settings
):
    settings.SITE_URL = live_server.url
    page.goto("/nl/nieuwsbrief/")
    page.get_by_role("textbox", name="E-mailadres").fill("nieuwsgierig@example.org")
    page.get_by_role("radio", name="Nederlands").check()
    page.get_by_role("checkbox", name="opleidingen").uncheck()
    page.get_by_role("checkbox", name="Ik wil de nieuwsbrief").check()
    page.get_by_role("button", name="Inschrijven").click()
    page.get_by_role("heading", name="Bevestig uw inschrijving").wait_for()

    (message,) = mail.outbox
    assert message.to == ["nieuwsgierig@example.org"]
    link = re.search(rf"{re.escape(live_server.url)}/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Ja, ik wil de nieuwsbrief ontvangen").click()
    page.get_by_role("heading", name="U bent ingeschreven").wait_for()

    subscriber = NewsletterSubscriber.objects.get(email="nieuwsgierig@example.org")
    assert subscriber.status == "confirmed"
    assert sorted(subscriber.topics) == ["events", "news"]
    assert [c.action for c in subscriber.consents.order_by("at")] == ["requested", "confirmed"]
