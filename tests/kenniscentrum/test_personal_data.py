import json
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from kenniscentrum.lib import registry
from kenniscentrum.lib.sections import Group, Item, Section
from kenniscentrum.models import ContactMessage
from kenniscentrum.newsletter.models import NewsletterSubscriber
from members.models import BINRole, User
from tests.factories import (
    BINRoleFactory,
    ContactSubjectFactory,
    NewsletterSubscriberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/nl/mijn/",
        "/fr/mon-espace/",
        "/nl/mijn/gegevens/",
        "/fr/mon-espace/donnees/",
        "/nl/mijn/gegevens/download/",
    ],
)
def test_personal_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_dashboard_shows_a_coordinators_bins_and_account_links(client, login_as, bin_a):
    login_as("coordinator_a")
    html = client.get("/nl/mijn/").content.decode()
    assert "<h1>Mijn overzicht</h1>" in html
    assert "BIN Gent Sint-Pieters" in html and "coördinator" in html
    assert 'href="/nl/mijn/gegevens/"' in html
    assert 'href="/nl/account/password/change/"' in html
    assert "U bent niet ingeschreven op de nieuwsbrief." in html


def test_dashboard_says_honestly_what_a_citizen_has_not_yet(client, login_as):
    login_as("citizen")
    NewsletterSubscriberFactory(email="burger@example.org", topics=["news"])
    html = client.get("/fr/mon-espace/").content.decode()
    assert "Vous n&#x27;avez pas de rôle dans un PLP." in html
    assert "Vous êtes inscrit·e à la lettre d&#x27;information" in html


def test_dashboard_gathers_blocks_of_other_apps_from_the_registry(client, login_as, monkeypatch):
    def registrations(request):
        return [
            Group(
                key="registrations",
                title="Mijn inschrijvingen",
                order=20,
                items=[Item("Studiedag Gent", "/nl/agenda/studiedag/")],
            )
        ]

    monkeypatch.setattr(
        registry, "SECTIONS", [*registry.SECTIONS, Section("ev", dashboard=registrations)]
    )
    login_as("citizen")
    html = client.get("/nl/mijn/").content.decode()
    assert "Mijn inschrijvingen" in html and 'href="/nl/agenda/studiedag/"' in html


@pytest.fixture
def person(db, bin_a):
    user = UserFactory(
        email="persoon@example.org", full_name="Piet Persoon", preferred_language="nl"
    )
    EmailAddress.objects.create(user=user, email="oud.adres@example.org", verified=True)
    # Added but never confirmed: it may be anyone's, so nothing sent from it is Piet's.
    EmailAddress.objects.create(user=user, email="niet.bevestigd@example.org", verified=False)
    BINRoleFactory(user=user, bin=bin_a, role=BINRole.Role.CO_COORDINATOR)
    subscriber = NewsletterSubscriberFactory(email="Persoon@example.org", topics=["news"])
    subscriber.consents.create(action="confirmed", text="Ik wil de nieuwsbrief.", language="nl")
    subject = ContactSubjectFactory(label_nl="Algemene vraag")
    ContactMessage.objects.create(
        subject=subject, name="Piet", email="oud.adres@example.org", message="Mijn vraag"
    )
    ContactMessage.objects.create(
        subject=subject, name="Ander", email="ander@example.org", message="Niet van Piet"
    )
    ContactMessage.objects.create(
        subject=subject, name="Iemand", email="niet.bevestigd@example.org", message="Ook niet"
    )
    return user


def test_export_holds_everything_the_site_keeps_about_the_person(client, person, monkeypatch):
    monkeypatch.setattr(
        registry,
        "SECTIONS",
        [
            *registry.SECTIONS,
            Section("events", export=lambda user: {"registrations": [user.email]}),
        ],
    )
    client.force_login(person)
    response = client.get("/nl/mijn/gegevens/download/")
    assert response["Content-Disposition"].startswith('attachment; filename="bin-kenniscentrum-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "persoon@example.org"
    assert data["account"]["full_name"] == "Piet Persoon"
    assert {(a["email"], a["verified"]) for a in data["email_addresses"]} == {
        ("persoon@example.org", True),
        ("oud.adres@example.org", True),
        ("niet.bevestigd@example.org", False),
    }
    (subscription,) = data["newsletter"]["newsletter_subscriptions"]
    assert subscription["topics"] == ["news"]
    assert subscription["consents"][0]["text"] == "Ik wil de nieuwsbrief."
    (message,) = data["kenniscentrum"]["contact_messages"]
    assert message["message"] == "Mijn vraag"
    (role,) = data["members"]["bin_roles"]
    assert role["bin"] == "BIN Gent Sint-Pieters" and role["role"] == "co_coordinator"
    assert data["events"] == {"registrations": ["persoon@example.org"]}


def test_deleting_needs_the_right_password(client, person):
    client.force_login(person)
    response = client.post("/nl/mijn/gegevens/", {"password": "fout"})
    assert 'id="error_1_id_password"' in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_the_account_leaves_no_personal_data(client, person, password, monkeypatch):
    seen = []
    monkeypatch.setattr(
        registry,
        "SECTIONS",
        [*registry.SECTIONS, Section("events", on_account_deletion=seen.append)],
    )
    client.force_login(person)
    response = client.post("/nl/mijn/gegevens/", {"password": password}, follow=True)
    assert "Uw account en uw gegevens zijn verwijderd." in response.content.decode()
    assert [user.email for user in seen] == [person.email]
    assert not User.objects.filter(pk=person.pk).exists()
    assert not EmailAddress.objects.filter(
        email__in=["persoon@example.org", "oud.adres@example.org"]
    ).exists()
    assert not NewsletterSubscriber.objects.exists()
    assert not BINRole.objects.filter(user_id=person.pk).exists()
    anonymised = ContactMessage.objects.get(anonymised_at__isnull=False)
    assert (anonymised.name, anonymised.email, anonymised.message) == ("", "", "")
    kept = ContactMessage.objects.filter(anonymised_at__isnull=True)
    assert sorted(kept.values_list("email", flat=True)) == [
        "ander@example.org",
        "niet.bevestigd@example.org",
    ]
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["persoon@example.org"]
    assert mail.outbox[-1].subject == "Uw account is verwijderd"


def test_deleting_the_account_ends_roles_as_ending_one_role_does(
    client, person, password, monkeypatch
):
    """The same rule as a coordinator ending a role: no longer current from today on, so the
    sections that run after the members one no longer see the person in a role."""
    long_held = BINRoleFactory(user=person, role="police_officer", start=date(2021, 1, 1))
    left = []

    def roles_left(user):
        left.extend(BINRole.objects.current().filter(user=user))
        long_held.refresh_from_db()
        left.append(long_held.end)

    # Hooks run in the reverse order of registration: registered first, this one runs last.
    monkeypatch.setattr(
        registry, "SECTIONS", [Section("x", on_account_deletion=roles_left), *registry.SECTIONS]
    )
    client.force_login(person)
    client.post("/nl/mijn/gegevens/", {"password": password})
    assert left == [date.today() - timedelta(days=1)]


def test_the_board_is_told_when_a_bin_loses_its_last_coordinator(
    client, person, password, board_member
):
    client.force_login(person)
    client.post("/nl/mijn/gegevens/", {"password": password})
    (notice,) = [m for m in mail.outbox if m.to == [board_member.email]]
    assert notice.subject == "Een BIN heeft geen coördinator meer"
    assert "BIN Gent Sint-Pieters" in notice.body


def test_the_board_is_not_told_while_another_coordinator_remains(
    client, person, password, coordinator_a, board_member
):
    client.force_login(person)
    client.post("/nl/mijn/gegevens/", {"password": password})
    assert not [m for m in mail.outbox if m.to == [board_member.email]]


def test_a_failing_section_leaves_the_account_untouched(client, person, password, monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(
        registry, "SECTIONS", [*registry.SECTIONS, Section("x", on_account_deletion=broken)]
    )
    client.raise_request_exception = False
    client.force_login(person)
    response = client.post("/nl/mijn/gegevens/", {"password": password})
    assert response.status_code == 500
    assert User.objects.filter(pk=person.pk).exists()
    assert NewsletterSubscriber.objects.exists()
    assert BINRole.objects.filter(user=person, end__isnull=True).exists()


def test_a_working_member_and_board_member_can_delete_their_account(client, person, password):
    from members.models import BoardMandate, WorkingMember
    from tests.factories import BoardMandateFactory, WorkingMemberFactory

    WorkingMemberFactory(user=person)
    BoardMandateFactory(user=person)
    client.force_login(person)
    response = client.post("/nl/mijn/gegevens/", {"password": password})
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not WorkingMember.objects.filter(user_id=person.pk).exists()
    assert not BoardMandate.objects.filter(user_id=person.pk).exists()
