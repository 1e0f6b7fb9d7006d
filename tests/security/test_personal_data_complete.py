"""Personal data is complete in the export, and gone after account deletion or its retention time;
the personal calendar feed's secret link can be renewed, which ends the old one."""

import io
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from events import links
from events.models import Registration
from kenniscentrum.newsletter.models import NewsletterConsent, NewsletterSubscriber
from kenniscentrum.outbox.models import OutboxMessage
from knowledgebase.models import Article, ArticleVersion, Document
from members.models import (
    BINInvitation,
    Charter,
    MembershipApplication,
    Municipality,
    StartRequest,
    User,
)
from tests.factories import (
    ArticleFactory,
    CharterFactory,
    DocumentFactory,
    EventFactory,
    NewsletterSubscriberFactory,
)

pytestmark = pytest.mark.django_db


def start_request(email, days_ago=0):
    gent = Municipality.objects.get(nis_code="44021")
    return StartRequest.objects.create(
        name="Ann Coördinator",
        email=email,
        phone="09 123 45 67",
        postcode="9000",
        municipality=gent,
        province=gent.province,
        message="Onze straat wil een BIN.",
        consent_text="Ik ga akkoord.",
        consented_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def records(coordinator_a, bin_a, bin_b, citizen):
    """Everything the coordinator of BIN A did on the site, one row of each kind."""
    published = ArticleFactory(
        kind="good_practice", title="Praktijk online", submitted_by=coordinator_a
    )
    published.summary = "Herwerkt door de coördinator."
    published.save(editor=coordinator_a)  # keeps the earlier text as a version
    in_review = ArticleFactory(
        kind="good_practice",
        title="Praktijk ter nalezing",
        status="review",
        submitted_by=coordinator_a,
        author=coordinator_a,
    )
    attachment = DocumentFactory(title="Bijlage bij de praktijk", uploaded_by=coordinator_a)
    in_review.documents.add(attachment)
    library = DocumentFactory(title="Gedeeld document", uploaded_by=coordinator_a)
    return {
        "start_request": start_request(coordinator_a.email),
        "invited": BINInvitation.objects.create(
            bin=bin_b, email=coordinator_a.email, invited_by=citizen
        ),
        "sent": BINInvitation.objects.create(
            bin=bin_a, email="nieuwe.co@example.org", invited_by=coordinator_a
        ),
        "application": MembershipApplication.objects.create(
            bin=bin_a, applicant=coordinator_a, motivation="Wij willen aansluiten."
        ),
        "charter": CharterFactory(bin=bin_a, submitted_by=coordinator_a),
        "published": published,
        "in_review": in_review,
        "attachment": attachment,
        "library": library,
    }


def test_export_holds_every_kind_of_record(client, coordinator_a, records):
    client.force_login(coordinator_a)
    data = json.loads(client.get("/nl/mijn/gegevens/download/").content)
    members = data["members"]
    (request,) = members["start_requests"]
    assert request["message"] == "Onze straat wil een BIN." and request["phone"] == "09 123 45 67"
    invitations = {(i["bin"], i["email"], i["sent_by_you"]) for i in members["bin_invitations"]}
    assert invitations == {
        ("PLP Liège Centre", "coordinator.a@example.org", False),
        ("BIN Gent Sint-Pieters", "nieuwe.co@example.org", True),
    }
    (application,) = members["membership_applications"]
    assert application["motivation"] == "Wij willen aansluiten."
    (charter,) = members["charters_submitted"]
    assert charter["bin"] == "BIN Gent Sint-Pieters"
    knowledgebase = data["knowledgebase"]
    assert {a["title"] for a in knowledgebase["good_practices_submitted"]} == {
        "Praktijk online",
        "Praktijk ter nalezing",
    }
    (version,) = knowledgebase["article_versions_replaced"]
    assert version["article"] == "Praktijk online"
    assert {d["title"] for d in knowledgebase["documents_uploaded"]} == {
        "Bijlage bij de praktijk",
        "Gedeeld document",
    }


def test_deletion_removes_or_anonymises_every_kind_of_record(
    client, coordinator_a, password, records, django_capture_on_commit_callbacks
):
    attachment_file = records["attachment"].file
    assert attachment_file.storage.exists(attachment_file.name)
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/mijn/gegevens/", {"password": password})
    assert not User.objects.filter(pk=coordinator_a.pk).exists()
    # The person's own requests and the invitations sent to them are gone.
    assert not StartRequest.objects.filter(pk=records["start_request"].pk).exists()
    assert not BINInvitation.objects.filter(pk=records["invited"].pk).exists()
    # What they did for their BIN stays the BIN's, without them.
    assert BINInvitation.objects.get(pk=records["sent"].pk).invited_by is None
    assert MembershipApplication.objects.get(pk=records["application"].pk).applicant is None
    assert Charter.objects.get(pk=records["charter"].pk).submitted_by is None
    assert Document.objects.get(pk=records["library"].pk).uploaded_by is None
    published = Article.objects.get(pk=records["published"].pk)
    assert published.submitted_by is None
    assert ArticleVersion.objects.get(article=published).created_by is None
    # A good practice never published goes, with the file they attached to it.
    assert not Article.objects.filter(pk=records["in_review"].pk).exists()
    assert not Document.objects.filter(pk=records["attachment"].pk).exists()
    assert not attachment_file.storage.exists(attachment_file.name)


def test_deletion_keeps_what_another_persons_start_request_holds(
    client, coordinator_a, password, records
):
    other = start_request("buur@example.org")
    client.force_login(coordinator_a)
    client.post("/nl/mijn/gegevens/", {"password": password})
    assert StartRequest.objects.filter(pk=other.pk).exists()


# --- retention ---------------------------------------------------------------------------------


def purge(**options):
    out = io.StringIO()
    call_command("purge_expired_requests", stdout=out, **options)
    return out.getvalue()


def test_start_requests_are_deleted_after_their_retention_time():
    old = start_request("oud@example.org", days_ago=settings.START_REQUESTS_KEEP_DAYS + 1)
    recent = start_request("nieuw@example.org", days_ago=settings.START_REQUESTS_KEEP_DAYS - 1)
    assert "Start requests deleted: 1" in purge()
    assert not StartRequest.objects.filter(pk=old.pk).exists()
    assert StartRequest.objects.filter(pk=recent.pk).exists()


def test_unconfirmed_newsletter_subscriptions_are_deleted_after_their_retention_time():
    long_ago = timezone.now() - timedelta(days=settings.NEWSLETTER_UNCONFIRMED_KEEP_DAYS + 1)
    forgotten = NewsletterSubscriberFactory(
        email="vergeten@example.org", status="pending", confirmed_at=None, created_at=long_ago
    )
    forgotten.consents.create(action="requested", language="nl", at=long_ago)
    asked_again = NewsletterSubscriberFactory(
        email="opnieuw@example.org", status="pending", confirmed_at=None, created_at=long_ago
    )
    asked_again.consents.create(action="requested", language="nl")
    fresh = NewsletterSubscriberFactory(
        email="vers@example.org", status="pending", confirmed_at=None
    )
    reader = NewsletterSubscriberFactory(email="lezer@example.org", created_at=long_ago)
    assert "Unconfirmed newsletter subscriptions deleted: 1" in purge()
    assert not NewsletterSubscriber.objects.filter(pk=forgotten.pk).exists()
    assert not NewsletterConsent.objects.filter(subscriber_id=forgotten.pk).exists()
    remaining = set(NewsletterSubscriber.objects.values_list("pk", flat=True))
    assert remaining == {asked_again.pk, fresh.pk, reader.pk}


def test_purge_days_can_be_given_on_the_command_line():
    request = start_request("oud@example.org", days_ago=10)
    purge(start_request_days=30)
    assert StartRequest.objects.filter(pk=request.pk).exists()
    purge(start_request_days=5)
    assert not StartRequest.objects.filter(pk=request.pk).exists()


# --- the personal calendar feed ------------------------------------------------------------------


def feed_path(user):
    return links.feed_url(user).split("testserver", 1)[-1].replace(settings.SITE_URL, "")


@pytest.fixture
def registered(citizen):
    event = EventFactory(title_nl="Studiedag Gent")
    Registration.objects.create(
        event=event,
        user=citizen,
        name="Bert",
        email=citizen.email,
        status="confirmed",
        queue_number=1,
    )
    return event


def test_renewing_the_feed_link_ends_the_old_one(client, citizen, registered):
    old = feed_path(citizen)
    assert "Studiedag Gent" in client.get(old).content.decode()
    client.force_login(citizen)
    response = client.post("/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/", follow=True)
    html = response.content.decode()
    assert "U hebt een nieuwe persoonlijke agendalink." in html
    new = feed_path(citizen)
    assert new != old and new in html and old not in html
    client.logout()
    assert client.get(old).status_code == 404
    assert "Studiedag Gent" in client.get(new).content.decode()


def test_renewing_twice_ends_the_link_of_the_first_renewal(client, citizen, registered):
    client.force_login(citizen)
    client.post("/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/")
    first = feed_path(citizen)
    client.post("/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/")
    assert client.get(first).status_code == 404
    assert client.get(feed_path(citizen)).status_code == 200


def test_renewing_ones_link_leaves_other_peoples_links(client, citizen, coordinator_a):
    theirs = feed_path(coordinator_a)
    client.force_login(citizen)
    client.post("/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/")
    assert client.get(theirs).status_code == 200


def test_my_registrations_offers_the_renewal(client, citizen):
    client.force_login(citizen)
    html = client.get("/nl/agenda/mijn-inschrijvingen/").content.decode()
    assert 'action="/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/"' in html
    assert "Nieuwe agendalink maken" in html


def test_renewal_needs_a_login_and_a_post(client, citizen):
    old = feed_path(citizen)
    response = client.post("/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(citizen)
    assert client.get("/nl/agenda/mijn-inschrijvingen/agendalink-vernieuwen/").status_code == 405
    assert client.get(old).status_code == 200


def test_a_link_with_a_forged_key_is_refused(client, citizen):
    from kenniscentrum.lib.signing import make_token

    token = make_token(links.FEED, {"u": citizen.pk, "k": "geraden"})
    assert client.get(f"/nl/agenda/persoonlijk/{token}.ics").status_code == 404


@pytest.fixture
def mails_to_coordinator(settings, coordinator_a):
    """E-mails in the outbox: sent to the coordinator, to an address that merely contains
    theirs, and one still waiting that also goes to someone else."""
    settings.EMAIL_BACKEND = "kenniscentrum.outbox.backend.QueueEmailBackend"
    send_mail("Uw inschrijving", "Tekst", None, [coordinator_a.email.upper()])
    send_mail("Voor een ander", "Tekst", None, [f"x{coordinator_a.email}"])
    send_mail("Aan beiden", "Tekst", None, [coordinator_a.email, "buur@example.org"])
    OutboxMessage.objects.exclude(subject="Aan beiden").update(status=OutboxMessage.Status.SENT)


def test_export_lists_the_e_mails_to_the_persons_confirmed_addresses(
    client, coordinator_a, mails_to_coordinator
):
    client.force_login(coordinator_a)
    data = json.loads(client.get("/nl/mijn/gegevens/download/").content)
    assert {m["subject"] for m in data["outbox"]["emails"]} == {"Uw inschrijving", "Aan beiden"}


def test_deletion_removes_the_e_mails_to_the_person_but_not_what_others_still_wait_for(
    client, coordinator_a, password, mails_to_coordinator
):
    client.force_login(coordinator_a)
    client.post("/nl/mijn/gegevens/", {"password": password})
    assert not User.objects.filter(pk=coordinator_a.pk).exists()
    left = set(OutboxMessage.objects.values_list("subject", flat=True))
    assert "Uw inschrijving" not in left
    assert {"Voor een ander", "Aan beiden"} <= left
