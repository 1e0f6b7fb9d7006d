"""A person is their account and their confirmed addresses, nothing else.

The citizen adds the address of someone else (Vera, who registered, took a course, subscribed to
the newsletter and wrote to the site as a visitor) without confirming it. Nothing of Vera's may
reach the citizen's dashboard, registrations, calendar feed, certificates or data export, and
deleting the citizen's account must leave Vera's rows untouched. Once the address is confirmed,
the same rows are the citizen's.
"""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from events import links, services
from events.models import Registration
from kenniscentrum.models import ContactMessage
from kenniscentrum.newsletter.models import NewsletterSubscriber
from members.models import StartRequest
from tests.factories import (
    ContactSubjectFactory,
    CourseFactory,
    EventFactory,
    NewsletterSubscriberFactory,
    UserFactory,
    course_session,
)
from training.models import Certificate, CourseInterest
from training.services import issue_certificate

pytestmark = pytest.mark.django_db

VERA = "vera.vreemd@example.org"


def _start_request(email):
    from members.models import Municipality

    gent = Municipality.objects.get(nis_code="44021")
    return StartRequest.objects.create(
        name="Vera Vreemd",
        email=email,
        postcode="9000",
        municipality=gent,
        province=gent.province,
        message="Wij willen een BIN starten.",
        consent_text="Ik ga akkoord.",
        consented_at=timezone.now(),
    )


@pytest.fixture
def vera():
    """Everything the site holds about Vera, who has no account: all of it by her address."""
    upcoming = EventFactory(title_nl="Studiedag van Vera", slug="studiedag-vera")
    registration, _ = services.register(upcoming, name="Vera", email=VERA, notify=False)
    services.confirm_address(registration.pk, notify=False)
    course = CourseFactory(title_nl="Opleiding van Vera", slug="opleiding-vera")
    session = course_session(course, starts_at=timezone.now() - timedelta(days=20))
    attended = Registration.objects.create(
        event=session.event,
        name="Vera Vreemd",
        email=VERA,
        status="attended",
        queue_number=1,
        confirmed_at=timezone.now() - timedelta(days=25),
    )
    subscriber = NewsletterSubscriberFactory(email=VERA, topics=["news"])
    subject = ContactSubjectFactory(label_nl="Vraag")
    return {
        "registration": registration,
        "certificate": issue_certificate(attended, notify=False),
        "subscriber": subscriber,
        "message": ContactMessage.objects.create(
            subject=subject, name="Vera", email=VERA, message="Vera's vraag"
        ),
        "interest": CourseInterest.objects.create(course=course, email=VERA),
        "start_request": _start_request(VERA),
    }


@pytest.fixture
def claimed(citizen):
    """The citizen added Vera's address to their account but never confirmed it."""
    return EmailAddress.objects.create(user=citizen, email=VERA.upper(), verified=False)


def _confirm(address):
    address.verified = True
    address.save()


def test_dashboard_ignores_rows_of_an_unconfirmed_address(client, citizen, vera, claimed):
    client.force_login(citizen)
    html = client.get("/nl/mijn/").content.decode()
    assert "Studiedag van Vera" not in html
    assert vera["certificate"].code not in html
    assert "U bent niet ingeschreven op de nieuwsbrief." in html


def test_dashboard_shows_rows_of_a_confirmed_address(client, citizen, vera, claimed):
    _confirm(claimed)
    client.force_login(citizen)
    html = client.get("/nl/mijn/").content.decode()
    assert "Studiedag van Vera" in html
    assert vera["certificate"].code in html
    assert "U bent ingeschreven op de nieuwsbrief" in html


def test_my_registrations_and_feed_ignore_an_unconfirmed_address(client, citizen, vera, claimed):
    client.force_login(citizen)
    html = client.get("/nl/agenda/mijn-inschrijvingen/").content.decode()
    assert "Studiedag van Vera" not in html
    feed = client.get(links.feed_url(citizen).split("testserver")[-1]).content.decode()
    assert "Studiedag van Vera" not in feed


def test_my_registrations_and_feed_show_a_confirmed_address(client, citizen, vera, claimed):
    _confirm(claimed)
    client.force_login(citizen)
    html = client.get("/nl/agenda/mijn-inschrijvingen/").content.decode()
    assert "Studiedag van Vera" in html
    feed = client.get(links.feed_url(citizen).split("testserver")[-1]).content.decode()
    assert "Studiedag van Vera" in feed


def test_cannot_cancel_a_registration_of_an_unconfirmed_address(client, citizen, vera, claimed):
    client.force_login(citizen)
    registration = vera["registration"]
    response = client.post(f"/nl/agenda/mijn-inschrijvingen/{registration.pk}/annuleren/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_can_cancel_a_registration_of_a_confirmed_address(client, citizen, vera, claimed):
    _confirm(claimed)
    client.force_login(citizen)
    registration = vera["registration"]
    response = client.post(f"/nl/agenda/mijn-inschrijvingen/{registration.pk}/annuleren/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_certificate_pdf_follows_confirmed_addresses(client, citizen, vera, claimed):
    url = vera["certificate"].get_pdf_url()
    client.force_login(citizen)
    assert client.get(url).status_code == 404
    _confirm(claimed)
    assert client.get(url).status_code == 200


def test_course_page_ignores_an_interest_of_an_unconfirmed_address(client, citizen, vera, claimed):
    client.force_login(citizen)
    html = client.get("/nl/opleidingen/opleiding-vera/").content.decode()
    assert "U krijgt een e-mail zodra er een nieuwe sessie is" not in html
    _confirm(claimed)
    html = client.get("/nl/opleidingen/opleiding-vera/").content.decode()
    assert "U krijgt een e-mail zodra er een nieuwe sessie is" in html


def _export(client):
    return json.loads(client.get("/nl/mijn/gegevens/download/").content)


def test_export_holds_nothing_of_an_unconfirmed_address(client, citizen, vera, claimed):
    client.force_login(citizen)
    # The account's own list of addresses names it, marked unconfirmed: it is the account's row.
    data = _export(client)
    assert {"email": VERA.upper(), "verified": False, "primary": False} in data["email_addresses"]
    for section in ("kenniscentrum", "newsletter", "events", "training", "members"):
        assert VERA not in json.dumps(data[section]).lower()


def test_export_holds_everything_of_a_confirmed_address(client, citizen, vera, claimed):
    _confirm(claimed)
    client.force_login(citizen)
    data = _export(client)
    assert {r["email"] for r in data["events"]["registrations"]} == {VERA}
    assert [c["code"] for c in data["training"]["certificates"]] == [vera["certificate"].code]
    assert [i["email"] for i in data["training"]["course_interests"]] == [VERA]
    assert [s["email"] for s in data["newsletter"]["newsletter_subscriptions"]] == [VERA]
    assert [m["message"] for m in data["kenniscentrum"]["contact_messages"]] == ["Vera's vraag"]
    assert [s["email"] for s in data["members"]["start_requests"]] == [VERA]


def test_deleting_the_account_leaves_the_rows_of_an_unconfirmed_address(
    client, citizen, password, vera, claimed
):
    client.force_login(citizen)
    client.post("/nl/mijn/gegevens/", {"password": password})
    assert not type(citizen).objects.filter(pk=citizen.pk).exists()
    registration = Registration.objects.get(pk=vera["registration"].pk)
    assert (registration.status, registration.email) == ("confirmed", VERA)
    assert Certificate.objects.filter(pk=vera["certificate"].pk).exists()
    assert NewsletterSubscriber.objects.filter(pk=vera["subscriber"].pk).exists()
    message = ContactMessage.objects.get(pk=vera["message"].pk)
    assert (message.email, message.anonymised_at) == (VERA, None)
    assert CourseInterest.objects.filter(pk=vera["interest"].pk).exists()
    assert StartRequest.objects.filter(pk=vera["start_request"].pk).exists()


def test_deleting_the_account_removes_the_rows_of_a_confirmed_address(
    client, citizen, password, vera, claimed
):
    _confirm(claimed)
    client.force_login(citizen)
    client.post("/nl/mijn/gegevens/", {"password": password})
    registration = Registration.objects.get(pk=vera["registration"].pk)
    assert (registration.status, registration.email) == ("cancelled", "")
    assert not Certificate.objects.filter(pk=vera["certificate"].pk).exists()
    assert not NewsletterSubscriber.objects.filter(pk=vera["subscriber"].pk).exists()
    assert ContactMessage.objects.get(pk=vera["message"].pk).email == ""
    assert not CourseInterest.objects.filter(pk=vera["interest"].pk).exists()
    assert not StartRequest.objects.filter(pk=vera["start_request"].pk).exists()


# --- one-click actions with the account's own address ---------------------------------------


@pytest.fixture
def unconfirmed_user():
    """An account whose own address is not (or no longer) confirmed, e.g. changed in the admin."""
    return UserFactory(email=VERA, verified=False)


def test_registering_needs_a_confirmed_own_address(client, unconfirmed_user, vera):
    event = EventFactory(slug="open-dag")
    pending, _ = services.register(event, name="Vera", email=VERA, notify=False)
    client.force_login(unconfirmed_user)
    response = client.post("/nl/agenda/open-dag/inschrijven/", follow=True)
    assert "Bevestig eerst uw e-mailadres" in response.content.decode()
    pending.refresh_from_db()
    # Vera's own pending registration is not taken over by the account.
    assert (pending.status, pending.user_id) == ("pending", None)
    assert not Registration.objects.filter(user=unconfirmed_user).exists()


def test_registering_with_a_confirmed_own_address_works(client, citizen):
    event = EventFactory(slug="open-dag")
    client.force_login(citizen)
    client.post("/nl/agenda/open-dag/inschrijven/")
    assert Registration.objects.get(event=event, user=citizen).status == "confirmed"


def test_notify_me_needs_a_confirmed_own_address(client, unconfirmed_user):
    course = CourseFactory(slug="basis")
    client.force_login(unconfirmed_user)
    response = client.post("/nl/opleidingen/basis/verwittig-mij/", follow=True)
    assert "Bevestig eerst uw e-mailadres" in response.content.decode()
    assert not CourseInterest.objects.filter(course=course).exists()


def test_an_account_without_confirmed_address_sees_no_rows_by_address(
    client, unconfirmed_user, vera
):
    client.force_login(unconfirmed_user)
    html = client.get("/nl/mijn/").content.decode()
    assert "Studiedag van Vera" not in html and vera["certificate"].code not in html
    data = _export(client)
    for section in ("kenniscentrum", "newsletter", "events", "training", "members"):
        assert VERA not in json.dumps(data[section]).lower()
