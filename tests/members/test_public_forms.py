"""The public forms of the members app: the relay contact form and the start request."""

import pytest
from django.core import mail

from members.models import BINRole, Province, StartRequest
from tests.factories import BINRoleFactory, BoardMandateFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]

CONTACT = "/nl/bin/bin-gent-sint-pieters/contact/"
MESSAGE = {
    "name": "Vera Vraag",
    "email": "vera@example.org",
    "message": "Hoe kan ik lid worden van jullie BIN in de Sint-Pietersstraat?",
    "consent": "on",
}


def test_relay_message_goes_to_the_coordinators_with_the_sender_as_reply_to(
    client, coordinator_a, police_officer
):
    co = UserFactory(email="co@example.org", preferred_language="fr")
    BINRoleFactory(user=co, bin=coordinator_a.bin_roles.get().bin, role="co_coordinator")
    response = client.post(CONTACT, MESSAGE)
    assert response.status_code == 302
    assert response["Location"] == "/nl/bin/bin-gent-sint-pieters/"
    relayed = {m.to[0]: m for m in mail.outbox if m.to[0] != "vera@example.org"}
    # coordinators only: the police officer is not bothered while a coordinator exists
    assert set(relayed) == {"coordinator.a@example.org", "co@example.org"}
    for message in relayed.values():
        assert message.reply_to == ["vera@example.org"]
        assert "Sint-Pietersstraat" in message.body
        assert message.alternatives[0][1] == "text/html"
    assert "Message via le site" in relayed["co@example.org"].subject  # in her language
    assert "Bericht via de website" in relayed["coordinator.a@example.org"].subject


def test_sender_gets_a_confirmation_without_any_coordinator_address(client, coordinator_a):
    client.post(CONTACT, MESSAGE)
    confirmation = next(m for m in mail.outbox if m.to == ["vera@example.org"])
    assert "is verstuurd" in confirmation.subject
    assert "coordinator.a@example.org" not in confirmation.body
    assert confirmation.reply_to == []
    page = client.get("/nl/bin/bin-gent-sint-pieters/").content.decode()
    assert "Uw bericht is verstuurd naar de coördinatoren van BIN Gent Sint-Pieters." in page
    assert "coordinator.a@example.org" not in page


def test_without_coordinator_the_police_officer_gets_the_message(client, police_officer):
    client.post(CONTACT, MESSAGE)
    assert sorted(m.to[0] for m in mail.outbox) == ["inspecteur@example.org", "vera@example.org"]


def test_a_bin_without_anyone_to_reach_says_so(client, bin_a):
    html = client.get(CONTACT).content.decode()
    assert "niet via de website bereikbaar" in html
    client.post(CONTACT, MESSAGE)
    assert mail.outbox == []


def test_ended_roles_do_not_receive_messages(client, bin_a, coordinator_a):
    BINRole.objects.filter(user=coordinator_a).update(start="2019-01-01", end="2020-01-01")
    client.post(CONTACT, MESSAGE)
    assert mail.outbox == []


def test_relay_form_needs_consent_and_keeps_what_was_typed(client, coordinator_a):
    response = client.post(CONTACT, {**MESSAGE, "consent": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zonder uw toestemming kunnen we dit niet versturen." in html
    assert 'value="vera@example.org"' in html
    assert "Sint-Pietersstraat" in html
    assert mail.outbox == []


def test_relay_form_honeypot_stops_bots(client, coordinator_a):
    response = client.post(CONTACT, {**MESSAGE, "website_url": "http://spam.example"})
    assert response.status_code == 200
    assert mail.outbox == []


def test_relay_form_is_rate_limited_per_address(client, coordinator_a):
    for _ in range(5):
        assert client.post(CONTACT, MESSAGE).status_code == 302
    response = client.post(CONTACT, MESSAGE)
    assert response.status_code == 200
    assert "Probeer het over een uur opnieuw." in response.content.decode()
    assert len(mail.outbox) == 10  # five messages, five confirmations


# --- Start a BIN -------------------------------------------------------------------------------

START = {
    "name": "Sam Starter",
    "email": "sam@example.org",
    "phone": "",
    "postcode": "9000",
    "message": "Onze straat in Gent wil een BIN starten.",
    "consent": "on",
}


def test_start_request_is_stored_with_its_province_and_consent(client):
    response = client.post("/nl/bin-starten/", START)
    assert response.status_code == 302
    assert response["Location"] == "/nl/bin-starten/verzonden/"
    request = StartRequest.objects.get()
    assert request.municipality.name_nl == "Gent"
    assert request.province.slug == "oost-vlaanderen"
    assert request.status == StartRequest.Status.NEW
    assert request.consented_at is not None
    assert "bestuursleden van mijn provincie" in request.consent_text
    assert request.language == "nl"


def test_board_members_of_the_province_get_the_request_and_the_requester_a_confirmation(client):
    BoardMandateFactory(user=UserFactory(email="oost@example.org"))
    BoardMandateFactory(
        user=UserFactory(email="luik@example.org"), province=Province.objects.get(slug="luik")
    )
    client.post("/fr/creer-un-plp/", START)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["oost@example.org", "sam@example.org"]
    board_mail = next(m for m in mail.outbox if m.to == ["oost@example.org"])
    assert "9000 Gent" in board_mail.subject
    assert "/admin/members/startrequest/" in board_mail.body
    confirmation = next(m for m in mail.outbox if m.to == ["sam@example.org"])
    assert "Nous avons bien reçu" in confirmation.subject  # the language of the form


def test_a_province_without_board_member_falls_back_to_the_whole_board(client):
    BoardMandateFactory(
        user=UserFactory(email="luik@example.org"),
        province=Province.objects.get(slug="luik"),
    )
    client.post("/nl/bin-starten/", START)
    assert "luik@example.org" in [m.to[0] for m in mail.outbox]


def test_start_request_rejects_an_unknown_postcode_next_to_the_field(client):
    response = client.post("/nl/bin-starten/", {**START, "postcode": "0001"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit is geen Belgische postcode." in html
    assert 'value="Sam Starter"' in html
    assert not StartRequest.objects.exists()


def test_start_request_is_rate_limited(client):
    for _ in range(5):
        client.post("/nl/bin-starten/", START)
    response = client.post("/nl/bin-starten/", START)
    assert response.status_code == 200
    assert StartRequest.objects.count() == 5
