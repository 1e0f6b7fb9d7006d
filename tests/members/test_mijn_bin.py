"""Mijn BIN: the self-service of a BIN's coordinators and police officers.

The permission matrix: every mutating URL against every persona. Anonymous visitors are sent to
the login page, people without a role on the BIN get 404, the BIN's own coordinator and police
officer may act.
"""

import re
import time
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from kenniscentrum.lib.signing import make_token
from members.models import BIN, BINInvitation, BINRole, Charter, MembershipApplication, User
from tests.factories import BINRoleFactory, CharterFactory, UserFactory, pdf_upload
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

BASE = "/nl/mijn/bin/bin-gent-sint-pieters"
ALLOWED = {"coordinator_a", "police_officer"}


@pytest.fixture
def co_coordinator_a(bin_a):
    user = UserFactory(email="co.a@example.org", full_name="Cas Co")
    return BINRoleFactory(
        user=user, bin=bin_a, role=BINRole.Role.CO_COORDINATOR, start=date(2022, 1, 1)
    )


def mutations(co_role):
    """(method, path, data, check) for every mutating URL of Mijn BIN on BIN A; `check(bin)`
    says whether the change happened."""
    return {
        "profile": (
            f"{BASE}/profiel/",
            lambda: {"description": "Nieuwe tekst", "area_description": "", "website": ""},
            lambda b: b.description == "<p>Nieuwe tekst</p>",
        ),
        "member_count": (
            f"{BASE}/ledental/",
            lambda: {"member_count": "321", "member_count_on": date.today().isoformat()},
            lambda b: b.member_count == 321,
        ),
        "confirm": (
            f"{BASE}/bevestigen/",
            dict,
            lambda b: b.data_confirmed_on == date.today(),
        ),
        "invite": (
            f"{BASE}/team/",
            lambda: {"email": "nieuw@example.org"},
            lambda b: b.invitations.filter(email="nieuw@example.org").exists(),
        ),
        "end_role": (
            f"{BASE}/team/{co_role.pk}/beeindigen/",
            dict,
            lambda b: not BINRole.objects.current().filter(pk=co_role.pk).exists(),
        ),
        "charter": (
            f"{BASE}/charter/",
            lambda: {
                "signed_on": "2024-05-02",
                "signed_by_coordinator": "Ann Coördinator",
                "signed_by_mayor": "Burgemeester",
                "signed_by_police_chief": "Korpschef",
                "pdf": pdf_upload(),
            },
            lambda b: b.charters.filter(signed_on=date(2024, 5, 2)).exists(),
        ),
        "apply": (
            f"{BASE}/toetreden/",
            lambda: {"motivation": "Graag!"},
            lambda b: b.applications.pending().exists(),
        ),
    }


ACTIONS = ["profile", "member_count", "confirm", "invite", "end_role", "charter", "apply"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix_of_every_mutating_url(
    client, login_as, bin_a, bin_b, coordinator_a, coordinator_b, co_coordinator_a, persona, action
):
    cache.clear()
    path, data, changed = mutations(co_coordinator_a)[action]
    login_as(persona)
    response = client.post(path, data())
    bin_a.refresh_from_db()
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/nl/account/login/?next=")
        assert not changed(bin_a)
    elif persona in ALLOWED:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"].startswith("/nl/mijn/bin/")
        assert changed(bin_a)
    else:
        assert response.status_code == 404
        assert not changed(bin_a)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "page", ["", "/profiel/", "/ledental/", "/team/", "/charter/", "/toetreden/"]
)
def test_mijn_bin_pages_are_only_for_the_bins_own_people(
    client, login_as, bin_a, coordinator_a, coordinator_b, police_officer, persona, page
):
    login_as(persona)
    response = client.get(f"{BASE}{page or '/'}")
    expected = {"anonymous": 302, "coordinator_a": 200, "police_officer": 200}
    assert response.status_code == expected.get(persona, 404)


def test_the_demo_coordinator_of_b_cannot_edit_a(client, coordinator_b, bin_a):
    client.force_login(coordinator_b)
    assert client.get(f"{BASE}/profiel/").status_code == 404
    assert client.get("/nl/mijn/bin/plp-liege-centre/profiel/").status_code == 200


def test_my_bins_lists_the_bins_and_roles(client, coordinator_a, police_officer, bin_b):
    BINRoleFactory(user=coordinator_a, bin=bin_b, role=BINRole.Role.CO_COORDINATOR)
    client.force_login(coordinator_a)
    html = client.get("/nl/mijn/bin/").content.decode()
    assert "BIN Gent Sint-Pieters" in html and "PLP Liège Centre" in html
    assert "coördinator" in html and "co-coördinator" in html
    client.force_login(police_officer)
    html = client.get("/nl/mijn/bin/").content.decode()
    assert "gemandateerde politieambtenaar" in html
    assert "PLP Liège Centre" not in html


def test_my_bins_makes_one_query_for_any_number_of_roles(
    coordinator_a, bin_b, django_assert_num_queries
):
    from members.views import my_bins_context

    BINRoleFactory(user=coordinator_a, bin=bin_b)
    with django_assert_num_queries(1):
        context = my_bins_context(coordinator_a)
        assert [e["bin"].municipality.province.slug for e in context["my_bins"]] == [
            "oost-vlaanderen",
            "luik",
        ]


# --- Overview -----------------------------------------------------------------------------


def overview_facts(html):
    """The "Stand van zaken" list as {term: description}, tags and spacing removed."""
    block = html.split('id="h-status"')[1].split("</dl>")[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S)
    return {dt: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dd)).strip() for dt, dd in pairs}


def test_overview_shows_recognition_latest_charter_application_and_team(
    client, coordinator_a, police_officer, bin_a
):
    client.force_login(coordinator_a)
    facts = overview_facts(client.get(f"{BASE}/").content.decode())
    assert facts["Erkend"] == "Nog niet"
    assert facts["Laatste charter"] == "Nog geen charter opgeladen"
    assert facts["Lid van het Kenniscentrum"] == "Nee"

    CharterFactory(bin=bin_a, signed_on=date(2021, 2, 1))
    CharterFactory(
        bin=bin_a,
        signed_on=date(2023, 5, 4),
        sent_to_fod_on=date(2023, 5, 10),
        acknowledged_on=date(2023, 6, 1),
    )
    MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a, motivation="Graag")
    html = client.get(f"{BASE}/").content.decode()
    facts = overview_facts(html)
    assert facts["Erkend"] == "Ja"
    assert facts["Laatste charter"] == "4 mei 2023"
    assert facts["Lid van het Kenniscentrum"] == "Aanvraag in behandeling"
    assert facts["Uw rol"] == "coördinator"
    assert "<li>Ann Coördinator: coördinator</li>" in html
    assert "<li>Ines Inspecteur: gemandateerde politieambtenaar</li>" in html


def test_overview_makes_the_same_few_queries_for_any_team_or_history(
    client, coordinator_a, co_coordinator_a, bin_a, django_assert_num_queries
):
    client.force_login(coordinator_a)
    client.get(f"{BASE}/")  # the session is stored
    # the session, the person, and the team with the BIN and its recognition, latest charter
    # and latest membership application
    with django_assert_num_queries(3 + 1):  # + the menus
        assert client.get(f"{BASE}/").status_code == 200
    for n in range(3):
        BINRoleFactory(bin=bin_a, role=BINRole.Role.CO_COORDINATOR)
        CharterFactory(bin=bin_a, signed_on=date(2020 + n, 1, 1))
    with django_assert_num_queries(3 + 1):
        assert client.get(f"{BASE}/").status_code == 200


# --- Profile ------------------------------------------------------------------------------


def test_profile_edit_sanitises_and_cannot_touch_status_or_recognition(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        f"{BASE}/profiel/",
        {
            "description": '<p onclick="x()">Welkom<script>alert(1)</script></p>',
            "area_description": "Sint-Pieters",
            "channels": ["sms", "paper"],
            "website": "https://bin.example.org",
            "yearly_fee": "5",
            # fields a coordinator must not change, slipped into the form
            "status": "stopped",
            "joined_on": "2020-01-01",
            "data_confirmed_on": "2020-01-01",
            "name": "Overgenomen",
        },
    )
    assert response.status_code == 302
    bin_ = BIN.objects.get(slug="bin-gent-sint-pieters")
    assert bin_.description == "<p>Welkom</p>"
    assert bin_.channels == ["sms", "paper"]
    assert bin_.status == BIN.Status.ACTIVE
    assert bin_.joined_on is None and bin_.data_confirmed_on is None
    assert bin_.name == "BIN Gent Sint-Pieters"
    public = client.get("/nl/bin/bin-gent-sint-pieters/").content.decode()
    assert "<p>Welkom</p>" in public and "sms, papier" in public


def test_plain_text_description_keeps_its_paragraphs(client, coordinator_a):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/profiel/", {"description": "Eerste alinea.\n\nTweede <alinea>."})
    # "<" makes it HTML: sanitised, unknown tags dropped
    assert BIN.objects.get(slug="bin-gent-sint-pieters").description == "Eerste alinea.\n\nTweede ."
    client.post(f"{BASE}/profiel/", {"description": "Eerste alinea.\n\nTweede alinea."})
    assert (
        BIN.objects.get(slug="bin-gent-sint-pieters").description
        == "<p>Eerste alinea.</p>\n\n<p>Tweede alinea.</p>"
    )


def test_member_count_cannot_lie_in_the_future(client, coordinator_a):
    client.force_login(coordinator_a)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(f"{BASE}/ledental/", {"member_count": "10", "member_count_on": tomorrow})
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()


# --- Team: invitations and ending roles -----------------------------------------------------


def invitation_link(message):
    return re.search(r"http://testserver(/\S+/uitnodiging/\S+/)", message.body).group(1)


def test_invitation_e_mail_carries_a_signed_link(client, coordinator_a):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/", {"email": "Nieuw@Example.org"})
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert "co-coördinator van BIN Gent Sint-Pieters" in message.subject
    assert "14 dagen" in message.body
    assert invitation_link(message).startswith("/nl/mijn/bin/uitnodiging/")


def test_inviting_the_same_address_again_keeps_one_open_invitation(client, coordinator_a):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/", {"email": "nieuw@example.org"})
    client.post(f"{BASE}/team/", {"email": "NIEUW@example.org"})
    assert BINInvitation.objects.count() == 1
    assert len(mail.outbox) == 2


def test_an_existing_coordinator_cannot_be_invited(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(f"{BASE}/team/", {"email": "coordinator.a@example.org"})
    assert "al coördinator van deze BIN" in response.content.decode()
    assert mail.outbox == []


def test_accepting_an_invitation_creates_the_co_coordinator_role(client, coordinator_a, citizen):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/", {"email": citizen.email})
    link = invitation_link(mail.outbox[0])
    client.force_login(citizen)
    page = client.get(link)
    assert "Ann Coördinator nodigt u uit als co-coördinator van BIN Gent Sint-Pieters" in (
        page.content.decode()
    )
    assert not BINRole.objects.filter(user=citizen).exists()  # a GET changes nothing
    response = client.post(link)
    assert response["Location"] == f"{BASE}/"
    role = BINRole.objects.current().get(user=citizen)
    assert role.role == BINRole.Role.CO_COORDINATOR
    assert client.get(f"{BASE}/profiel/").status_code == 200
    # used once
    assert "al aanvaard" in client.get(link).content.decode()


def test_invitation_for_someone_who_first_signs_up(client, coordinator_a):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/", {"email": "nina@example.org"})
    link = invitation_link(mail.outbox[0])
    client.logout()
    mail.outbox.clear()

    response = client.get(link)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/nl/account/login/?next=")
    # The login page leads to sign-up with the same way back.
    assert "/nl/account/signup/?next=" in client.get(login_url).content.decode()
    client.post(
        f"/nl/account/signup/?next={link}",
        {
            "full_name": "Nina Nieuw",
            "email": "nina@example.org",
            "preferred_language": "nl",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "next": link,
        },
    )
    confirm = re.search(r"http://testserver(/nl/account/confirm-email/\S+/)", mail.outbox[0].body)
    client.post(confirm.group(1))
    # Once her address is confirmed, logging in through the invitation's login link brings
    # her back to the invitation.
    response = client.post(
        login_url, {"login": "nina@example.org", "password": "een-lang-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == link
    client.post(link)
    nina = User.objects.get(email="nina@example.org")
    assert BINRole.objects.current().filter(user=nina, role="co_coordinator").exists()


def test_invitation_is_only_for_the_invited_address(client, coordinator_a, citizen):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/", {"email": "iemand.anders@example.org"})
    link = invitation_link(mail.outbox[0])
    client.force_login(citizen)
    response = client.post(link)
    assert response.status_code == 403
    assert not BINRole.objects.filter(user=citizen).exists()


def test_an_unverified_address_does_not_count(client, coordinator_a, citizen):
    EmailAddress.objects.create(user=citizen, email="tweede@example.org", verified=False)
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/", {"email": "tweede@example.org"})
    client.force_login(citizen)
    assert client.post(invitation_link(mail.outbox[0])).status_code == 403


def test_invitation_expires_after_14_days(client, bin_a, coordinator_a, citizen, monkeypatch):
    invitation = BINInvitation.objects.create(
        bin=bin_a, email=citizen.email, invited_by=coordinator_a
    )
    client.force_login(citizen)
    fresh = make_token("bin_invitation", {"id": invitation.pk})
    assert client.get(f"/nl/mijn/bin/uitnodiging/{fresh}/").status_code == 200
    # A token carries the time it was signed: sign one 15 days ago.
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: now - 15 * 24 * 3600)
        old = make_token("bin_invitation", {"id": invitation.pk})
    response = client.post(f"/nl/mijn/bin/uitnodiging/{old}/")
    assert response.status_code == 404
    assert "ongeldig of verlopen" in response.content.decode()
    assert not BINRole.objects.filter(user=citizen).exists()


def test_a_forged_token_is_refused(client, citizen):
    client.force_login(citizen)
    response = client.post("/nl/mijn/bin/uitnodiging/eyJpZCI6MX0:forged:sig/")
    assert response.status_code == 404


def test_only_co_coordinator_roles_can_be_ended_here(client, coordinator_a, police_officer):
    client.force_login(police_officer)
    coordinator_role = BINRole.objects.get(user=coordinator_a)
    response = client.post(f"{BASE}/team/{coordinator_role.pk}/beeindigen/")
    assert response.status_code == 404
    assert BINRole.objects.current().filter(pk=coordinator_role.pk).exists()


def test_a_role_on_another_bin_cannot_be_ended_through_this_one(
    client, coordinator_a, coordinator_b, bin_b
):
    other = BINRoleFactory(bin=bin_b, role=BINRole.Role.CO_COORDINATOR, start=date(2022, 1, 1))
    client.force_login(coordinator_a)
    assert client.post(f"{BASE}/team/{other.pk}/beeindigen/").status_code == 404
    assert BINRole.objects.current().filter(pk=other.pk).exists()


def test_an_ended_co_coordinator_loses_access(client, coordinator_a, co_coordinator_a):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/team/{co_coordinator_a.pk}/beeindigen/")
    client.force_login(co_coordinator_a.user)
    assert client.get(f"{BASE}/").status_code == 404


# --- Charters ---------------------------------------------------------------------------


def test_charter_upload_is_stored_privately_for_the_board(client, coordinator_a, settings):
    client.force_login(coordinator_a)
    client.post(
        f"{BASE}/charter/",
        {
            "signed_on": "2024-05-02",
            "signed_by_coordinator": "Ann Coördinator",
            "signed_by_mayor": "Burgemeester",
            "signed_by_police_chief": "Korpschef",
            "sent_to_fod_on": "2024-05-10",
            "pdf": pdf_upload(),
        },
    )
    charter = Charter.objects.get()
    assert charter.submitted_by == coordinator_a
    assert charter.acknowledged_on is None and charter.checked_on is None
    assert charter.pdf.path.startswith(f"{settings.PRIVATE_MEDIA_ROOT}/charters/")


def test_charter_upload_refuses_a_file_that_is_not_a_pdf(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        f"{BASE}/charter/",
        {
            "signed_on": "2024-05-02",
            "signed_by_coordinator": "A",
            "signed_by_mayor": "B",
            "signed_by_police_chief": "C",
            "pdf": pdf_upload("charter.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    assert not Charter.objects.exists()


def test_charter_dates_out_of_order_are_explained(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        f"{BASE}/charter/",
        {
            "signed_on": "2024-05-02",
            "signed_by_coordinator": "A",
            "signed_by_mayor": "B",
            "signed_by_police_chief": "C",
            "sent_to_fod_on": "2024-04-01",
            "pdf": pdf_upload(),
        },
    )
    assert "pas na de ondertekening naar de FOD" in response.content.decode()
    assert not Charter.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_charter_pdf_is_served_only_to_the_bins_managers_and_the_board(
    client, login_as, bin_a, coordinator_a, coordinator_b, police_officer, persona
):
    charter = CharterFactory(bin=bin_a)
    login_as(persona)
    response = client.get(f"{BASE}/charter/{charter.pk}/pdf/")
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in {"coordinator_a", "police_officer", "board_member", "superuser"}:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    else:
        assert response.status_code == 404


def test_private_files_are_not_served_under_media(client, bin_a, settings):
    charter = CharterFactory(bin=bin_a)
    assert client.get(f"/media/private/{charter.pdf.name}").status_code == 404


# --- Membership application ---------------------------------------------------------------


def test_a_bin_applies_once_and_sees_it_pending(client, coordinator_a, police_officer):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/toetreden/", {"motivation": "Wij willen graag meedoen."})
    client.force_login(police_officer)
    response = client.post(f"{BASE}/toetreden/", {"motivation": "Nog eens"})
    assert response.status_code == 200  # nothing to submit: one is pending
    application = MembershipApplication.objects.get()
    assert application.applicant == coordinator_a
    assert application.status == MembershipApplication.Status.PENDING
    assert "in behandeling bij het bestuur" in client.get(f"{BASE}/toetreden/").content.decode()


def test_a_joined_bin_cannot_apply_again(client, coordinator_a, bin_a):
    bin_a.joined_on = date(2020, 1, 1)
    bin_a.save()
    client.force_login(coordinator_a)
    client.post(f"{BASE}/toetreden/", {"motivation": ""})
    assert not MembershipApplication.objects.exists()


def test_confirming_the_data_is_recorded_and_shown(client, coordinator_a):
    client.force_login(coordinator_a)
    assert "De gegevens kloppen" in client.get(f"{BASE}/").content.decode()
    client.post(f"{BASE}/bevestigen/")
    html = client.get(f"{BASE}/").content.decode()
    assert "U hoeft pas volgend jaar opnieuw te bevestigen." in html
    assert BIN.objects.get(slug="bin-gent-sint-pieters").data_confirmed_on == date.today()


def test_get_on_a_post_only_url_is_refused(client, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get(f"{BASE}/bevestigen/").status_code == 405
