import pytest
from django.core import mail

from kenniscentrum.lib.spam import HONEYPOT_FIELD
from kenniscentrum.models import ContactMessage
from tests.factories import ContactSubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects(db):
    return {
        "training": ContactSubjectFactory(
            label_nl="Opleidingen", label_fr="Formations", recipient="opleidingen@kc.example.org"
        ),
        "start": ContactSubjectFactory(
            label_nl="Een BIN opstarten",
            label_fr="Lancer un PLP",
            recipient="opstart@kc.example.org",
            recipient_language="fr",
        ),
    }


def form(subject, **overrides):
    data = {
        "subject": subject.pk,
        "name": "Vera Vraag",
        "email": "vera@example.org",
        "message": "Wanneer is de volgende opleiding?",
        "consent": "on",
    }
    return {**data, **overrides}


def test_message_goes_to_the_address_of_its_subject_and_is_stored(client, subjects):
    response = client.post("/nl/contact/", form(subjects["training"]), follow=True)
    assert "Bedankt voor uw bericht" in response.content.decode()
    stored = ContactMessage.objects.get()
    assert stored.subject == subjects["training"]
    assert stored.language == "nl"
    to_staff, to_sender = mail.outbox
    assert to_staff.to == ["opleidingen@kc.example.org"]
    assert to_staff.reply_to == ["vera@example.org"]
    assert "Wanneer is de volgende opleiding?" in to_staff.body
    assert to_sender.to == ["vera@example.org"]
    assert to_sender.subject == "We ontvingen uw bericht"


def test_each_subject_routes_to_its_own_address_in_its_language(client, subjects):
    client.post("/nl/contact/", form(subjects["start"]))
    to_staff, _ = mail.outbox
    assert to_staff.to == ["opstart@kc.example.org"]
    assert to_staff.subject.startswith("Formulaire de contact: Lancer un PLP")


def test_confirmation_is_in_the_language_of_the_page(client, subjects):
    client.post("/fr/contact/", form(subjects["training"], message="Quand a lieu la formation ?"))
    confirmation = mail.outbox[1]
    assert confirmation.subject == "Nous avons bien reçu votre message"
    assert "Merci pour votre message concernant « Formations »" in confirmation.body
    # The typed address may not be the sender's: the confirmation never repeats their text.
    assert "Quand a lieu la formation ?" not in confirmation.body
    assert ContactMessage.objects.get().language == "fr"


def test_errors_show_next_to_the_field_and_keep_what_was_typed(client, subjects):
    response = client.post(
        "/nl/contact/", form(subjects["training"], email="geen-adres", consent="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_email"' in html
    assert "Zonder uw akkoord kunnen we uw vraag niet beantwoorden." in html
    assert "Wanneer is de volgende opleiding?" in html
    assert 'value="Vera Vraag"' in html
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_honeypot_stops_bots(client, subjects):
    response = client.post(
        "/nl/contact/", form(subjects["training"], **{HONEYPOT_FIELD: "http://spam"})
    )
    assert "Uw bericht kon niet worden verzonden." in response.content.decode()
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_an_address_may_send_a_few_messages_an_hour(client, subjects):
    for _ in range(5):
        client.post("/nl/contact/", form(subjects["training"]))
    response = client.post("/nl/contact/", form(subjects["training"]))
    assert "Probeer het over een uur opnieuw." in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_inactive_subjects_are_not_offered(client, subjects):
    subjects["start"].active = False
    subjects["start"].save()
    html = client.get("/nl/contact/").content.decode()
    assert "Opleidingen" in html
    assert "Een BIN opstarten" not in html
    response = client.post("/nl/contact/", form(subjects["start"]))
    assert "id_subject" in response.content.decode() and not ContactMessage.objects.exists()


def test_contact_form_fills_in_a_logged_in_persons_name(client, login_as, subjects):
    login_as("citizen")
    html = client.get("/nl/contact/").content.decode()
    assert 'value="Bert Burger"' in html
    assert 'value="burger@example.org"' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("citizen", 302), ("editor", 403), ("board_member", 200), ("superuser", 200)],
)
def test_the_board_reads_contact_messages(client, login_as, subjects, persona, status):
    ContactMessage.objects.create(
        subject=subjects["training"], name="V", email="v@example.org", message="Vraag"
    )
    login_as(persona)
    response = client.get("/admin/kenniscentrum/contactmessage/")
    assert response.status_code == status
    if status == 200:
        assert "v@example.org" in response.content.decode()


def test_old_contact_messages_are_anonymised_as_the_privacy_statement_says(subjects, settings):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = ContactMessage.objects.create(
        subject=subjects["training"],
        name="Oud",
        email="oud@example.org",
        message="Lang geleden",
        created_at=timezone.now() - timedelta(days=settings.CONTACT_MESSAGES_KEEP_DAYS + 1),
    )
    recent = ContactMessage.objects.create(
        subject=subjects["training"],
        name="Nieuw",
        email="nieuw@example.org",
        message="Gisteren",
        created_at=timezone.now() - timedelta(days=1),
    )
    out = io.StringIO()
    call_command("anonymise_contact_messages", stdout=out)
    assert "Contact messages anonymised: 1" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.message) == ("", "", "") and old.anonymised_at
    assert old.subject == subjects["training"]
    assert recent.email == "nieuw@example.org"
