"""Model rules of the members app: charters and recognition, the vzw's membership, the board."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.access import is_member, is_working_member
from members.models import (
    BIN,
    BINRole,
    BoardMandate,
    MembershipApplication,
    Province,
    board_seat_split,
    largest_remainder,
)
from tests.factories import (
    BINFactory,
    BINRoleFactory,
    BoardMandateFactory,
    CharterFactory,
    UserFactory,
    WorkingMemberFactory,
)

pytestmark = pytest.mark.django_db

SIGNED = date(2022, 3, 1)


def violates(constraint_name, make):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    assert constraint_name in str(caught.value)


# --- Charters and recognition ---------------------------------------------------------------


def test_charter_cannot_go_to_the_fod_before_it_is_signed():
    violates(
        "members_charter_sent_after_signed",
        lambda: CharterFactory(signed_on=SIGNED, sent_to_fod_on=SIGNED - timedelta(days=1)),
    )


def test_charter_acknowledgement_needs_a_sending_and_follows_it():
    violates(
        "members_charter_acknowledged_after_sent",
        lambda: CharterFactory(acknowledged_on=SIGNED + timedelta(days=30)),
    )
    violates(
        "members_charter_acknowledged_after_sent",
        lambda: CharterFactory(
            sent_to_fod_on=SIGNED + timedelta(days=10), acknowledged_on=SIGNED + timedelta(days=5)
        ),
    )


def test_charter_review_follows_the_signature():
    violates(
        "members_charter_review_after_signed",
        lambda: CharterFactory(next_review=SIGNED),
    )


def test_charter_clean_explains_the_date_order_per_field():
    charter = CharterFactory.build(
        bin=BINFactory(),
        sent_to_fod_on=SIGNED - timedelta(days=1),
        acknowledged_on=SIGNED - timedelta(days=2),
        next_review=SIGNED,
    )
    with pytest.raises(ValidationError) as caught:
        charter.validate_constraints()
    assert set(caught.value.message_dict) == {"sent_to_fod_on", "acknowledged_on", "next_review"}


def test_recognised_needs_an_acknowledged_charter_and_a_bin_that_has_not_stopped():
    bin_ = BINFactory()
    CharterFactory(bin=bin_, sent_to_fod_on=SIGNED + timedelta(days=7))
    assert not bin_.is_recognised
    CharterFactory(
        bin=bin_,
        signed_on=date(2023, 1, 1),
        sent_to_fod_on=date(2023, 1, 10),
        acknowledged_on=date(2023, 2, 1),
    )
    assert bin_.is_recognised
    bin_.status = BIN.Status.STOPPED
    bin_.save()
    assert not bin_.is_recognised
    assert not BIN.objects.recognised().filter(pk=bin_.pk).exists()
    assert BIN.objects.not_recognised().filter(pk=bin_.pk).exists()


def test_recognition_in_lists_costs_no_query_per_bin(django_assert_num_queries):
    for _ in range(3):
        CharterFactory(
            bin=BINFactory(), sent_to_fod_on=date(2022, 3, 9), acknowledged_on=date(2022, 4, 1)
        )
    BINFactory()
    with django_assert_num_queries(1):
        flags = sorted(b.is_recognised for b in BIN.objects.with_recognition())
    assert flags == [False, True, True, True]


def test_charter_pdf_is_stored_privately(settings):
    charter = CharterFactory()
    assert charter.pdf.path.startswith(f"{settings.PRIVATE_MEDIA_ROOT}/charters/")
    with pytest.raises(ValueError):
        charter.pdf.url  # noqa: B018 - private files have no URL


def test_data_confirmation_is_due_after_a_year():
    assert BINFactory(data_confirmed_on=None).data_confirmation_due
    assert BINFactory(data_confirmed_on=date.today() - timedelta(days=366)).data_confirmation_due
    assert not BINFactory(data_confirmed_on=date.today() - timedelta(days=30)).data_confirmation_due


def test_ending_a_role_removes_access_today():
    role = BINRoleFactory(role=BINRole.Role.CO_COORDINATOR, start=date(2021, 1, 1))
    role.end_now()
    assert role.end == date.today() - timedelta(days=1)
    assert not BINRole.objects.current().filter(pk=role.pk).exists()
    started_today = BINRoleFactory(role=BINRole.Role.CO_COORDINATOR)
    started_today.end_now()
    assert not BINRole.objects.filter(pk=started_today.pk).exists()


def test_ending_several_roles_follows_the_rule_for_one():
    person = UserFactory()
    old = BINRoleFactory(user=person, role=BINRole.Role.CO_COORDINATOR, start=date(2021, 1, 1))
    BINRoleFactory(user=person, role=BINRole.Role.POLICE_OFFICER)
    BINRole.objects.filter(user=person).end_now()
    assert not BINRole.objects.current().filter(user=person).exists()
    assert list(BINRole.objects.filter(user=person).values_list("pk", "end")) == [
        (old.pk, date.today() - timedelta(days=1))
    ]


# --- Membership applications ------------------------------------------------------------------


def test_one_pending_application_per_bin(coordinator_a, bin_a):
    MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a)
    violates(
        "members_application_one_pending_per_bin",
        lambda: MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a),
    )
    with pytest.raises(ValidationError):
        MembershipApplication(bin=bin_a, applicant=coordinator_a).clean()


def test_a_rejection_needs_a_reason_and_a_decision_a_date(bin_a):
    violates(
        "members_application_rejection_has_reason",
        lambda: MembershipApplication.objects.create(
            bin=bin_a, status="rejected", decided_on=date.today()
        ),
    )
    violates(
        "members_application_decision_has_date",
        lambda: MembershipApplication.objects.create(bin=bin_a, status="approved"),
    )


def test_approval_sets_the_joined_date_once(bin_a, coordinator_a, board_member):
    application = MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a)
    application.approve(by=board_member)
    bin_a.refresh_from_db()
    assert bin_a.joined_on == date.today()
    assert application.decided_by == board_member
    bin_a.joined_on = date(2019, 1, 1)
    bin_a.save()
    again = MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a)
    again.approve(by=board_member)
    bin_a.refresh_from_db()
    assert bin_a.joined_on == date(2019, 1, 1)


# --- Working members and the board -------------------------------------------------------------


def test_one_open_working_membership_per_person():
    member = WorkingMemberFactory()
    violates(
        "members_workingmember_one_open_membership",
        lambda: WorkingMemberFactory(user=member.user),
    )
    violates(
        "members_workingmember_left_after_admitted",
        lambda: WorkingMemberFactory(admitted_on=date(2020, 1, 1), left_on=date(2019, 1, 1)),
    )


def test_working_members_are_members_and_see_assembly_material():
    person = UserFactory()
    assert not is_member(person) and not is_working_member(person)
    WorkingMemberFactory(user=person)
    assert is_member(person) and is_working_member(person)
    former = WorkingMemberFactory(admitted_on=date(2015, 1, 1), left_on=date(2020, 1, 1)).user
    assert not is_working_member(former)


def test_a_coordinator_is_a_member_but_not_a_working_member(coordinator_a):
    assert is_member(coordinator_a)
    assert not is_working_member(coordinator_a)


def test_board_constraints():
    chair = BoardMandateFactory(function=BoardMandate.Function.CHAIR)
    violates(
        "members_boardmandate_one_chair",
        lambda: BoardMandateFactory(function=BoardMandate.Function.CHAIR),
    )
    violates(
        "members_boardmandate_one_open_mandate_per_person",
        lambda: BoardMandateFactory(user=chair.user),
    )
    violates(
        "members_boardmandate_end_after_start",
        lambda: BoardMandateFactory(start=date(2022, 1, 1), end=date(2021, 1, 1)),
    )
    second_chair = BoardMandate(
        user=UserFactory(),
        function=BoardMandate.Function.CHAIR,
        province=chair.province,
    )
    with pytest.raises(ValidationError):
        second_chair.validate_constraints()


# --- Largest remainder ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "seats", "expected"),
    [
        # The textbook example (Hare quota): 100,000 votes, 10 seats.
        (
            {"A": 47_000, "B": 16_000, "C": 15_800, "D": 12_000, "E": 6_100, "F": 3_100},
            10,
            {"A": 5, "B": 2, "C": 1, "D": 1, "E": 1, "F": 0},
        ),
        # The same votes with 9 seats: quotas 4.23, 1.44, 1.422, 1.08, 0.549, 0.279.
        (
            {"A": 47_000, "B": 16_000, "C": 15_800, "D": 12_000, "E": 6_100, "F": 3_100},
            9,
            {"A": 4, "B": 2, "C": 1, "D": 1, "E": 1, "F": 0},
        ),
        # Exact quotas leave no remainder.
        ({"x": 30, "y": 20, "z": 10}, 6, {"x": 3, "y": 2, "z": 1}),
        # Equal remainders (x and y, 0.5 each): the order given decides.
        ({"x": 1, "y": 1, "z": 2}, 2, {"x": 1, "y": 0, "z": 1}),
        # Equal remainders (0.5 each) with different weights: the larger weight wins.
        ({"y": 1, "x": 3}, 2, {"y": 0, "x": 2}),
        # Nothing to split.
        ({"x": 0, "y": 0}, 3, {"x": 0, "y": 0}),
        ({"x": 5}, 0, {"x": 0}),
    ],
)
def test_largest_remainder(weights, seats, expected):
    result = largest_remainder(weights, seats)
    assert result == expected
    if sum(weights.values()):
        assert sum(result.values()) == seats


def test_seat_split_compares_actual_and_proportional_seats(django_assert_num_queries):
    antwerpen = Province.objects.get(slug="antwerpen")
    gent = Province.objects.get(slug="oost-vlaanderen")
    for _ in range(6):
        WorkingMemberFactory(province=antwerpen)
    for _ in range(2):
        WorkingMemberFactory(province=gent)
    WorkingMemberFactory(province=gent, admitted_on=date(2015, 1, 1), left_on=date(2016, 1, 1))
    for _ in range(3):
        BoardMandateFactory(province=gent)
    BoardMandateFactory(province=antwerpen)
    with django_assert_num_queries(2):
        split = {row["province"].slug: row for row in board_seat_split()}
    assert split["antwerpen"]["working_members"] == 6
    assert split["antwerpen"]["proportional_seats"] == 3
    assert split["antwerpen"]["actual_seats"] == 1
    assert split["oost-vlaanderen"]["proportional_seats"] == 1
    assert split["oost-vlaanderen"]["actual_seats"] == 3
    assert sum(r["proportional_seats"] for r in split.values()) == 4
