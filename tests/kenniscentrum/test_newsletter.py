import io
import re
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from kenniscentrum.lib import signing
from kenniscentrum.lib.spam import HONEYPOT_FIELD
from kenniscentrum.newsletter import mailing as newsletter
from kenniscentrum.newsletter.models import (
    NewsletterConsent,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterItem,
    NewsletterSubscriber,
)
from tests.factories import NewsletterIssueFactory, NewsletterSubscriberFactory

pytestmark = pytest.mark.django_db


def subscribe(client, prefix="nl", **overrides):
    data = {
        "email": "nieuwe.lezer@example.org",
        "language": "nl",
        "topics": ["news", "events"],
        "consent": "on",
        **overrides,
    }
    return client.post(
        f"/{prefix}/nieuwsbrief/" if prefix == "nl" else "/fr/lettre-d-information/", data
    )


def link_in(message):
    return re.search(r"http://127\.0\.0\.1:8000(/\S+/)", message.body).group(1)


# --- subscribing -----------------------------------------------------------------------------


def test_subscribing_records_consent_and_sends_a_confirmation_link(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    response = subscribe(client)
    assert response.status_code == 302
    assert response["Location"] == "/nl/nieuwsbrief/ingeschreven/"
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.status == "pending"
    consent = subscriber.consents.get()
    assert consent.action == "requested"
    assert consent.text.startswith("Ik wil de nieuwsbrief van het BIN Kenniscentrum ontvangen.")
    assert consent.language == "nl"
    assert consent.ip_address == "127.0.0.1"
    (message,) = mail.outbox
    assert message.to == ["nieuwe.lezer@example.org"]
    assert message.subject == "Bevestig uw inschrijving op de nieuwsbrief"
    assert link_in(message).startswith("/nl/nieuwsbrief/bevestigen/")


def test_confirming_from_the_email_starts_the_subscription(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    subscribe(client, topics=["trainings"])
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert "Ja, ik wil de nieuwsbrief ontvangen" in page.content.decode()
    assert (
        NewsletterSubscriber.objects.get().status == "pending"
    )  # a mail scanner's GET confirms nothing
    response = client.post(link)
    assert "U bent ingeschreven" in response.content.decode()
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.status == "confirmed"
    assert subscriber.topics == ["trainings"]
    assert subscriber.confirmed_at is not None
    confirmed = subscriber.consents.get(action="confirmed")
    assert confirmed.text == subscriber.consents.get(action="requested").text


def test_french_subscription_gets_a_french_email_and_french_consent(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    subscribe(client, prefix="fr", language="fr")
    message = mail.outbox[0]
    assert message.subject == "Confirmez votre inscription à la lettre d'information"
    assert link_in(message).startswith("/fr/lettre-d-information/confirmer/")
    consent = NewsletterConsent.objects.get()
    assert consent.language == "fr"
    assert consent.text.startswith("Je souhaite recevoir la lettre d'information")


def test_a_forged_or_expired_confirmation_link_does_nothing(client, settings):
    subscriber = NewsletterSubscriberFactory(status="pending", confirmed_at=None)
    assert client.post("/nl/nieuwsbrief/bevestigen/vervalst/").status_code == 400
    token = signing.make_token(
        newsletter.CONFIRM, {"s": subscriber.pk, "l": "nl", "t": ["news"], "c": 0}
    )
    other_purpose = signing.make_token(newsletter.UNSUBSCRIBE, {"s": subscriber.pk})
    assert client.post(f"/nl/nieuwsbrief/bevestigen/{other_purpose}/").status_code == 400
    later = timezone.now() + timedelta(days=newsletter.CONFIRM_DAYS + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        assert client.post(f"/nl/nieuwsbrief/bevestigen/{token}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_nobody_changes_anothers_subscription_without_their_mailbox(client):
    subscriber = NewsletterSubscriberFactory(email="lezer@example.org", topics=["news"])
    subscribe(client, email="LEZER@example.org", language="fr", topics=["events"])
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language, subscriber.topics) == (
        "confirmed",
        "nl",
        ["news"],
    )
    assert NewsletterSubscriber.objects.count() == 1
    assert mail.outbox[0].to == ["LEZER@example.org"]


def test_subscribe_form_errors_show_next_to_the_field_and_keep_input(client):
    response = subscribe(client, topics=[], consent="")
    html = response.content.decode()
    assert "Kies minstens één onderwerp." in html
    assert "Zonder uw toestemming kunnen we u de nieuwsbrief niet sturen." in html
    assert 'value="nieuwe.lezer@example.org"' in html
    assert not NewsletterSubscriber.objects.exists()


def test_subscribe_form_has_spam_protection(client):
    response = subscribe(client, **{HONEYPOT_FIELD: "x"})
    assert "Uw bericht kon niet worden verzonden." in response.content.decode()
    for n in range(5):
        subscribe(client, email=f"lezer{n}@example.org")
    response = subscribe(client, email="nog.een@example.org")
    assert "Probeer het over een uur opnieuw." in response.content.decode()
    assert NewsletterSubscriber.objects.count() == 5


# --- sending ---------------------------------------------------------------------------------


@pytest.fixture
def issue(db):
    issue = NewsletterIssueFactory(
        subject="Nieuwsbrief juni",
        introduction="<p>Hallo<script>x()</script></p>",
        status="queued",
        queued_at=timezone.now(),
    )
    NewsletterItem.objects.create(
        issue=issue, title="Studiedag", url="/nl/agenda/", summary="Kom ook"
    )
    return issue


def run(*args):
    out = io.StringIO()
    call_command("send_newsletter", *args, stdout=out)
    return out.getvalue()


def recipients():
    return Counter(address for message in mail.outbox for address in message.to)


def test_issue_goes_to_confirmed_subscribers_of_its_language_and_topics(issue):
    issue.topics = ["events"]
    issue.save()
    wanted = NewsletterSubscriberFactory(email="ja@example.org", topics=["events", "news"])
    NewsletterSubscriberFactory(email="ander.onderwerp@example.org", topics=["trainings"])
    NewsletterSubscriberFactory(email="frans@example.org", language="fr")
    NewsletterSubscriberFactory(email="wacht@example.org", status="pending", confirmed_at=None)
    NewsletterSubscriberFactory(email="weg@example.org", status="unsubscribed")
    run()
    assert recipients() == {"ja@example.org": 1}
    message = mail.outbox[0]
    assert message.subject == "Nieuwsbrief juni"
    assert "<script>" not in message.alternatives[0][0]
    assert "http://127.0.0.1:8000/nl/agenda/" in message.body
    unsubscribe_url = re.search(r"Uitschrijven: (\S+)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    issue.refresh_from_db()
    assert issue.status == "sent" and issue.sent_at
    assert issue.deliveries.get().subscriber == wanted


def test_issue_is_sent_in_batches(issue):
    NewsletterSubscriberFactory.create_batch(5)
    out = run("--batch-size", "2")
    assert len(mail.outbox) == 5
    assert "2 sent" in out and "4 sent" in out and "5 sent" in out
    assert set(NewsletterDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_an_interrupted_run_resumes_without_sending_anyone_twice(issue, settings):
    NewsletterSubscriberFactory.create_batch(7)
    settings.EMAIL_BACKEND = "tests.kenniscentrum.backends.FailAfterBackend"
    from tests.kenniscentrum.backends import FailAfterBackend

    FailAfterBackend.accepted = 0
    with pytest.raises(Exception, match="Connection unexpectedly closed"):
        run("--batch-size", "2")
    assert len(mail.outbox) == 3
    issue.refresh_from_db()
    assert issue.status == "queued"
    statuses = Counter(NewsletterDelivery.objects.values_list("status", flat=True))
    assert statuses == {"sent": 3, "pending": 4}  # the failed one and the rest went back

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("--batch-size", "2")
    assert len(recipients()) == 7
    assert set(recipients().values()) == {1}
    issue.refresh_from_db()
    assert issue.status == "sent"

    run()  # nothing is queued any more
    assert len(mail.outbox) == 7


def test_deliveries_left_sending_by_a_dead_run_are_not_resent_blindly(issue):
    first, second = NewsletterSubscriberFactory.create_batch(2)
    newsletter.prepare_deliveries(issue)
    long_ago = timezone.now() - timedelta(hours=1)
    NewsletterDelivery.objects.filter(subscriber=first).update(
        status="sending", claimed_at=long_ago
    )
    out = run()
    assert recipients() == {second.email: 1}
    assert "1 deliveries are in doubt" in out
    issue.refresh_from_db()
    assert issue.status == "queued"
    run("--retry-interrupted")
    assert recipients() == {first.email: 1, second.email: 1}
    issue.refresh_from_db()
    assert issue.status == "sent"


def test_a_refused_address_does_not_stop_the_others(issue, settings):
    settings.EMAIL_BACKEND = "tests.kenniscentrum.backends.RefusesOneAddressBackend"
    NewsletterSubscriberFactory(email="weigering@example.org")
    NewsletterSubscriberFactory(email="goed@example.org")
    run()
    assert recipients() == {"goed@example.org": 1}
    failed = NewsletterDelivery.objects.get(status="failed")
    assert failed.subscriber.email == "weigering@example.org"
    issue.refresh_from_db()
    assert issue.status == "sent"


def test_someone_who_unsubscribes_during_a_run_is_skipped(issue):
    leaving = NewsletterSubscriberFactory()
    newsletter.prepare_deliveries(issue)
    leaving.unsubscribe()
    run()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_never_claim_the_same_delivery():
    issue = NewsletterIssueFactory(status="queued", queued_at=timezone.now())
    NewsletterSubscriberFactory.create_batch(6)
    newsletter.prepare_deliveries(issue)
    locked, release = threading.Event(), threading.Event()
    other_run = []

    def first_run():
        try:
            with transaction.atomic():
                rows = list(
                    issue.deliveries.select_for_update()
                    .order_by("pk")
                    .values_list("pk", flat=True)[:3]
                )
                other_run.extend(rows)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_run)
    thread.start()
    locked.wait(10)
    claimed = [d.pk for d in newsletter.claim_batch(issue, 10)]
    release.set()
    thread.join()
    assert len(claimed) == 3
    assert not set(claimed) & set(other_run)


# --- unsubscribing ---------------------------------------------------------------------------


def test_unsubscribe_link_from_the_newsletter_works(client, issue, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    subscriber = NewsletterSubscriberFactory(email="lezer@example.org")
    run()
    link = re.search(r"Uitschrijven: http://127\.0\.0\.1:8000(\S+)", mail.outbox[0].body).group(1)
    page = client.get(link)
    assert (
        "Wilt u de nieuwsbrief niet meer ontvangen op lezer@example.org?" in page.content.decode()
    )
    response = client.post(link)
    assert "U bent uitgeschreven" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert subscriber.consents.get().action == "withdrawn"


def test_mail_clients_unsubscribe_in_one_click_without_a_session(issue):
    subscriber = NewsletterSubscriberFactory()
    token = newsletter.unsubscribe_token(subscriber)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        f"/nl/nieuwsbrief/uitschrijven/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_a_forged_unsubscribe_link_does_nothing(client):
    subscriber = NewsletterSubscriberFactory()
    assert client.post("/nl/nieuwsbrief/uitschrijven/vervalst/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


# --- archive ---------------------------------------------------------------------------------


def test_sent_issues_are_archived_per_language(client):
    dutch = NewsletterIssueFactory(subject="Lentenummer", status="sent", sent_at=timezone.now())
    NewsletterItem.objects.create(issue=dutch, title="Opleiding X", url="/nl/opleidingen/")
    NewsletterIssueFactory(
        subject="Numéro de printemps", language="fr", status="sent", sent_at=timezone.now()
    )
    NewsletterIssueFactory(subject="Nog een ontwerp")
    html = client.get("/nl/nieuwsbrief/archief/").content.decode()
    assert "Lentenummer" in html
    assert "Numéro de printemps" not in html and "Nog een ontwerp" not in html
    assert (
        "Numéro de printemps" in client.get("/fr/lettre-d-information/archives/").content.decode()
    )
    page = client.get(f"/nl/nieuwsbrief/{dutch.pk}/").content.decode()
    assert "<h1>Lentenummer</h1>" in page and "Opleiding X" in page


def test_an_issue_under_the_other_language_redirects_to_its_own(client):
    issue = NewsletterIssueFactory(status="sent", sent_at=timezone.now())
    response = client.get(f"/fr/lettre-d-information/{issue.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/nl/nieuwsbrief/{issue.pk}/"


def test_an_unsent_issue_is_not_online(client):
    issue = NewsletterIssueFactory(status="queued", queued_at=timezone.now())
    assert client.get(f"/nl/nieuwsbrief/{issue.pk}/").status_code == 404


# --- admin -----------------------------------------------------------------------------------


@pytest.fixture
def draft(db):
    issue = NewsletterIssueFactory(subject="Zomernummer")
    NewsletterItem.objects.create(issue=issue, title="Goede praktijk", url="https://example.org/gp")
    return issue


def test_editor_previews_an_issue_as_the_email_looks(client, editor, draft):
    client.force_login(editor)
    response = client.get(f"/admin/newsletter/newsletterissue/{draft.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zomernummer" in html and "Goede praktijk" in html
    # E-mail HTML needs its inline styles; only this admin page allows them.
    assert (
        "'unsafe-inline'" in response["Content-Security-Policy"].split("style-src")[1].split(";")[0]
    )


def test_editor_sends_a_test_to_themselves(client, editor, draft):
    client.force_login(editor)
    client.post(
        "/admin/newsletter/newsletterissue/",
        {"action": "send_test_to_me", "_selected_action": [draft.pk]},
    )
    (message,) = mail.outbox
    assert message.to == [editor.email]
    assert message.subject == "[TEST] Zomernummer"
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_sending_asks_for_confirmation_then_queues_the_issue(client, editor, draft):
    NewsletterSubscriberFactory.create_batch(3)
    client.force_login(editor)
    data = {"action": "queue_for_sending", "_selected_action": [draft.pk]}
    response = client.post("/admin/newsletter/newsletterissue/", data)
    assert "aan 3 abonnees" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    client.post("/admin/newsletter/newsletterissue/", {**data, "confirmed": "yes"})
    draft.refresh_from_db()
    assert draft.status == "queued" and draft.queued_at
    assert mail.outbox == []  # sending itself is the job of send_newsletter


def test_a_queued_issue_can_no_longer_be_edited(client, editor, draft):
    draft.queue()
    client.force_login(editor)
    html = client.get(f"/admin/newsletter/newsletterissue/{draft.pk}/change/").content.decode()
    assert 'name="subject"' not in html


@pytest.mark.parametrize(("persona", "status"), [("board_member", 403), ("editor", 200)])
def test_editors_manage_newsletters(client, login_as, persona, status):
    login_as(persona)
    assert client.get("/admin/newsletter/newsletterissue/add/").status_code == status


def test_nobody_adds_a_subscriber_by_hand(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/newsletter/newslettersubscriber/add/").status_code == 403


def test_issue_introduction_is_sanitised_on_save():
    issue = NewsletterIssue.objects.create(
        subject="x", introduction='<p onclick="y">a</p><script>b</script>'
    )
    assert issue.introduction == "<p>a</p>"


def test_an_item_picked_from_the_calendar_takes_the_events_text_in_the_issues_language():
    from tests.factories import EventFactory

    event = EventFactory(
        title_nl="Studiedag",
        title_fr="Journée d'étude",
        slug="studiedag-x",
        summary_nl="Kom ook",
        summary_fr="Venez aussi",
    )
    issue = NewsletterIssueFactory(language="fr")
    item = NewsletterItem.objects.create(issue=issue, event=event)
    assert (item.title, item.summary, item.url) == (
        "Journée d'étude",
        "Venez aussi",
        "/fr/agenda/studiedag-x/",
    )
    own = NewsletterItem.objects.create(issue=issue, event=event, title="Ne manquez pas ceci")
    assert own.title == "Ne manquez pas ceci"


def test_an_item_needs_an_event_or_a_title_and_a_link():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    issue = NewsletterIssueFactory()
    with pytest.raises(ValidationError) as error:
        NewsletterItem(issue=issue, title="Zonder link").full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(
        IntegrityError, match="kenniscentrum_newsletteritem_event_or_title_and_link"
    ):
        NewsletterItem.objects.create(issue=issue, title="Zonder link")


def test_editor_composes_an_issue_from_an_event_in_the_admin(client, editor):
    from tests.factories import EventFactory

    event = EventFactory(title_nl="Netwerkmoment Brugge", slug="netwerkmoment-brugge")
    client.force_login(editor)
    data = {
        "language": "nl",
        "subject": "Herfstnummer",
        "introduction": "<p>Hallo</p>",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-event": str(event.pk),
        "items-0-title": "",
        "items-0-order": "0",
        "items-0-url": "",
        "items-0-summary": "",
    }
    response = client.post("/admin/newsletter/newsletterissue/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsletterItem.objects.get(issue__subject="Herfstnummer")
    assert (item.title, item.url) == ("Netwerkmoment Brugge", "/nl/agenda/netwerkmoment-brugge/")
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "term": "Brugge",
            "app_label": "newsletter",
            "model_name": "newsletteritem",
            "field_name": "event",
        },
    )
    assert "Netwerkmoment Brugge" in autocomplete.content.decode()


def test_the_form_offers_a_logged_in_persons_address(client, login_as):
    login_as("citizen")
    assert 'value="burger@example.org"' in client.get("/nl/nieuwsbrief/").content.decode()
