"""The board's admin: applications, CSV export, filters, figures and the seat split."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core import mail

from members.models import BIN, BINType, MembershipApplication, Province, StartRequest
from tests.factories import (
    BINFactory,
    BoardMandateFactory,
    CharterFactory,
    UserFactory,
    WorkingMemberFactory,
)

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/members/membershipapplication/"


@pytest.fixture
def applications(bin_a, bin_b, coordinator_a, coordinator_b):
    coordinator_b.preferred_language = "fr"
    coordinator_b.save()
    return [
        MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a),
        MembershipApplication.objects.create(bin=bin_b, applicant=coordinator_b),
    ]


def test_the_board_group_has_the_members_permissions(board_member):
    for permission in [
        "members.change_bin",
        "members.change_membershipapplication",
        "members.change_startrequest",
        "members.add_workingmember",
        "members.add_boardmandate",
        "members.view_charter",
    ]:
        assert board_member.has_perm(permission)
    assert not board_member.has_perm("members.delete_bin")


def test_board_approves_applications_and_the_applicants_hear_it_in_their_language(
    client, board_member, applications
):
    client.force_login(board_member)
    response = client.post(
        APPLICATIONS,
        {"action": "approve", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    assert "2 aanvragen goedgekeurd." in response.content.decode()
    for application in applications:
        application.refresh_from_db()
        assert application.status == "approved"
        assert application.decided_by == board_member
        assert application.bin.joined_on == date.today()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "toegetreden lid" in subjects["coordinator.a@example.org"]
    assert "membre adhérent" in subjects["coordinator.b@example.org"]


def test_rejecting_asks_for_a_reason_first(client, board_member, applications):
    client.force_login(board_member)
    selected = {"action": "reject", "_selected_action": [applications[0].pk]}
    page = client.post(APPLICATIONS, selected)
    assert page.status_code == 200
    assert "Reden van de afwijzing" in page.content.decode()
    assert MembershipApplication.objects.pending().count() == 2
    assert mail.outbox == []

    empty = client.post(APPLICATIONS, {**selected, "reason": "  "})
    assert "Dit veld is verplicht." in empty.content.decode()
    assert MembershipApplication.objects.pending().count() == 2

    done = client.post(
        APPLICATIONS, {**selected, "reason": "Het charter is nog niet erkend."}, follow=True
    )
    assert "1 aanvraag afgewezen." in done.content.decode()
    applications[0].refresh_from_db()
    assert applications[0].status == "rejected"
    assert applications[0].reason == "Het charter is nog niet erkend."
    assert applications[0].bin.joined_on is None
    (message,) = mail.outbox
    assert message.to == ["coordinator.a@example.org"]
    assert "Het charter is nog niet erkend." in message.body
    assert "afgewezen" in message.body


def test_decided_applications_are_not_decided_again(client, board_member, applications):
    applications[0].reject(by=board_member, reason="Nee")
    client.force_login(board_member)
    client.post(APPLICATIONS, {"action": "approve", "_selected_action": [applications[0].pk]})
    applications[0].refresh_from_db()
    assert applications[0].status == "rejected"
    assert mail.outbox == []


def test_csv_export_of_the_directory_holds_no_personal_data(
    client, board_member, bin_a, coordinator_a, police_officer
):
    CharterFactory(bin=bin_a, sent_to_fod_on=date(2022, 3, 8), acknowledged_on=date(2022, 4, 1))
    BINFactory(name="BIN Tweede")
    client.force_login(board_member)
    response = client.post(
        "/admin/members/bin/",
        {
            "action": "export_csv",
            "_selected_action": list(BIN.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["naam", "slug", "type"]
    gent = next(r for r in rows if r[0] == "BIN Gent Sint-Pieters")
    assert gent[5] == "Gent" and gent[7] == "Oost-Vlaanderen" and gent[12] == "ja"
    assert gent[-1] == "http://testserver/nl/bin/bin-gent-sint-pieters/"
    assert "@" not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("recognised=yes", ["BIN Erkend"]),
        ("recognised=no", ["BIN Niet bevestigd", "BIN Toegetreden"]),
        ("joined=yes", ["BIN Toegetreden"]),
        ("confirmed=stale", ["BIN Erkend", "BIN Niet bevestigd"]),
        ("confirmed=recent", ["BIN Toegetreden"]),
    ],
)
def test_bin_list_filters(client, board_member, query, expected):
    recognised = BINFactory(name="BIN Erkend", data_confirmed_on=None)
    CharterFactory(
        bin=recognised, sent_to_fod_on=date(2022, 3, 8), acknowledged_on=date(2022, 4, 1)
    )
    BINFactory(name="BIN Niet bevestigd", data_confirmed_on=date.today() - timedelta(days=400))
    BINFactory(
        name="BIN Toegetreden",
        joined_on=date(2021, 1, 1),
        data_confirmed_on=date.today() - timedelta(days=10),
    )
    client.force_login(board_member)
    response = client.get(f"/admin/members/bin/?{query}")
    assert sorted(b.name for b in response.context["cl"].result_list) == expected


def test_bin_list_makes_the_same_queries_for_few_and_many_bins(
    client, board_member, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(board_member)
    BINFactory.create_batch(5)
    client.get("/admin/members/bin/")  # warm up the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/members/bin/")
    BINFactory.create_batch(60)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/members/bin/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_figures_page_counts_bins_per_province_type_and_status(client, board_member, bin_a):
    BINFactory(municipality=bin_a.municipality, status="dormant")
    BINFactory(municipality=bin_a.municipality, type=BINType.objects.get(code="bin-z"))
    client.force_login(board_member)
    response = client.get("/admin/members/bin/figures/")
    assert response.status_code == 200
    tables = {t["type"].code: t for t in response.context["tables"]}
    east = next(r for r in tables["bin"]["rows"] if r["province"].slug == "oost-vlaanderen")
    statuses = [s for s, _label in BIN.Status.choices]
    assert east["cells"][statuses.index("active")] == 1
    assert east["cells"][statuses.index("dormant")] == 1
    assert tables["bin-z"]["total"] == 1
    assert response.context["grand_total"] == 3
    index = client.get("/admin/").content.decode()
    assert 'href="/admin/members/bin/figures/"' in index


def test_figures_page_needs_permission(client, editor):
    client.force_login(editor)
    assert client.get("/admin/members/bin/figures/").status_code == 403


def test_board_mandates_list_shows_the_proportional_seats(client, board_member):
    antwerpen = Province.objects.get(slug="antwerpen")
    for _ in range(3):
        WorkingMemberFactory(province=antwerpen)
    WorkingMemberFactory()
    BoardMandateFactory(user=board_member)
    BoardMandateFactory()
    client.force_login(board_member)
    response = client.get("/admin/members/boardmandate/")
    rows = {r["province"].slug: r for r in response.context["seat_split"]}
    assert rows["antwerpen"]["proportional_seats"] == 2
    assert rows["antwerpen"]["actual_seats"] == 0
    assert rows["oost-vlaanderen"]["actual_seats"] == 2
    assert rows["oost-vlaanderen"]["proportional_seats"] == 0
    assert 'id="seat-split"' in response.content.decode()


def test_start_requests_are_listed_by_province_and_status(client, board_member):
    gent = Province.objects.get(slug="oost-vlaanderen")
    from members.models import Municipality

    StartRequest.objects.create(
        name="Sam",
        email="sam@example.org",
        postcode="9000",
        municipality=Municipality.objects.get(nis_code="44021"),
        province=gent,
        message="Graag",
        consent_text="ok",
        consented_at="2025-01-01T10:00:00Z",
    )
    client.force_login(board_member)
    response = client.get(f"/admin/members/startrequest/?province__id__exact={gent.pk}&status=new")
    assert [r.name for r in response.context["cl"].result_list] == ["Sam"]


def test_charter_change_page_links_the_pdf_through_the_checked_view(client, board_member, bin_a):
    charter = CharterFactory(bin=bin_a)
    client.force_login(board_member)
    html = client.get(f"/admin/members/charter/{charter.pk}/change/").content.decode()
    assert f'href="/nl/mijn/bin/bin-gent-sint-pieters/charter/{charter.pk}/pdf/"' in html
    assert "/media/" not in html
    bin_page = client.get(f"/admin/members/bin/{bin_a.pk}/change/")
    assert bin_page.status_code == 200


def test_admin_pages_of_the_members_app_open(client, superuser, bin_a, coordinator_a):
    WorkingMemberFactory()
    BoardMandateFactory(user=UserFactory())
    client.force_login(superuser)
    for model in [
        "bin",
        "binrole",
        "charter",
        "bininvitation",
        "membershipapplication",
        "workingmember",
        "boardmandate",
        "startrequest",
        "policezone",
        "municipality",
        "postalcode",
        "province",
        "region",
        "bintype",
    ]:
        assert client.get(f"/admin/members/{model}/").status_code == 200, model
        assert client.get(f"/admin/members/{model}/?q=gent").status_code == 200, model


def test_the_admin_shows_a_constraints_message_next_to_its_field(client, board_member):
    chair = BoardMandateFactory(user=UserFactory(), function="chair")
    client.force_login(board_member)
    response = client.post(
        "/admin/members/boardmandate/add/",
        {
            "user": UserFactory().pk,
            "function": "chair",
            "province": chair.province.pk,
            "start": "2024-01-01",
            "end": "2023-01-01",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["end"] == ["Een mandaat eindigt niet voor het begint."]
    response = client.post(
        "/admin/members/boardmandate/add/",
        {
            "user": UserFactory().pk,
            "function": "chair",
            "province": chair.province.pk,
            "start": "2024-01-01",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["function"] == ["Er is al een voorzitter."]
