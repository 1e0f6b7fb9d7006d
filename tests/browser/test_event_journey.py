"""A visitor registers for a public event, confirms from the e-mail and cancels from the e-mail."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from tests.browser.conftest import serious_violations
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_registers_confirms_and_cancels_from_the_emails(page, live_server, settings):
    settings.SITE_URL = live_server.url
    event = EventFactory(title_nl="Infoavond BIN starten", capacity=10)

    page.goto("/nl/agenda/")
    page.get_by_role("link", name="Infoavond BIN starten").click()
    page.get_by_label("Naam").fill("Vera Bezoeker")
    page.get_by_label("E-mailadres").fill("vera@example.org")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("Bijna klaar")).to_be_visible()
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.PENDING

    confirm = next(w for w in mail.outbox[-1].body.split() if "/agenda/bevestigen/" in w)
    page.goto(confirm)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING  # opening the link is not enough
    page.get_by_role("button", name="Ja, bevestig mijn inschrijving").click()
    expect(page.get_by_text("Uw inschrijving is bevestigd")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert "Inschrijving bevestigd" in mail.outbox[-1].subject

    cancel = next(w for w in mail.outbox[-1].body.split() if "/agenda/uitschrijven/" in w)
    page.goto(cancel)
    page.get_by_role("button", name="Ja, schrijf mij uit").click()
    expect(page.get_by_text("U bent uitgeschreven")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("path", ["/nl/agenda/", "/fr/agenda/", "/nl/opleidingen/"])
def test_calendar_pages_have_no_serious_accessibility_violation(axe_page, path):
    EventFactory(title_nl="Studiedag", capacity=5)
    axe_page.goto(path)
    assert serious_violations(axe_page) == []


def test_event_page_has_no_serious_accessibility_violation(axe_page):
    event = EventFactory(capacity=5)
    axe_page.goto(event.get_absolute_url())
    assert serious_violations(axe_page) == []


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_person_renews_their_calendar_link(axe_page, live_server, settings, lang):
    from django.test import Client

    from events import links
    from tests.factories import UserFactory

    settings.SITE_URL = live_server.url
    user = UserFactory(preferred_language=lang)
    EventFactory(title_nl="Studiedag", title_fr="Journée d'étude")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    axe_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    path = "/nl/agenda/mijn-inschrijvingen/" if lang == "nl" else "/fr/agenda/mes-inscriptions/"
    axe_page.goto(path)
    # The link is signed with the time it was made: compare what it opens, not its spelling.
    old = axe_page.locator("#feed-url").input_value()
    assert (
        links.read_feed_user_id(old.rstrip("/").rsplit("/", 1)[1].removesuffix(".ics")) == user.pk
    )
    assert axe_page.request.get(old).status == 200
    assert serious_violations(axe_page) == []
    button = "Nieuwe agendalink maken" if lang == "nl" else "Créer un nouveau lien d'agenda"
    axe_page.get_by_role("button", name=button).click()
    new = axe_page.locator("#feed-url").input_value()
    assert new != old
    assert axe_page.request.get(old).status == 404
    assert axe_page.request.get(new).status == 200
