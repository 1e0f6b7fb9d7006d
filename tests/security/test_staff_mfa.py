"""A second factor guards all staff power, in the admin and outside it.

The access matrix (test_access_matrix.py) checks every URL for the `staff_without_mfa` persona;
these tests pin the rule itself and the places where staff power shows without a URL of its own
(lists, the dashboard).
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from kenniscentrum.permissions import BOARD
from members.access import can_see_audience, has_staff_power, is_member, is_working_member
from members.models import User
from tests.factories import UserFactory, give_mfa

pytestmark = pytest.mark.django_db


def test_permissions_need_a_second_factor(staff_without_mfa):
    assert not staff_without_mfa.has_perm("events.change_registration")
    assert not staff_without_mfa.has_perms(["knowledgebase.change_article"])
    assert not staff_without_mfa.has_module_perms("events")
    give_mfa(staff_without_mfa)
    user = User.objects.get(pk=staff_without_mfa.pk)  # the next request loads the user afresh
    assert user.has_perm("events.change_registration")
    assert user.has_module_perms("events")


def test_a_superuser_without_second_factor_has_no_power():
    user = UserFactory(is_staff=True, is_superuser=True)
    assert not has_staff_power(user)
    assert not user.has_perm("members.view_charter")
    assert not is_working_member(user)
    assert not can_see_audience(user, "staff")


def test_permissions_of_a_non_staff_account_count_for_nothing():
    """A group given to an account that is not staff (a mistake in the admin) opens nothing."""
    user = UserFactory()
    give_mfa(user)
    user.groups.add(Group.objects.get_or_create(name=BOARD)[0])
    assert not user.has_perm("members.view_charter")


def test_staff_without_second_factor_read_as_a_citizen(staff_without_mfa):
    assert not is_member(staff_without_mfa)
    assert can_see_audience(staff_without_mfa, "public")
    for audience in ("members", "working_members", "staff"):
        assert not can_see_audience(staff_without_mfa, audience)


def test_staff_with_second_factor_keep_their_power(editor, superuser):
    assert has_staff_power(editor) and can_see_audience(editor, "staff")
    assert is_working_member(superuser)


def test_anonymous_visitors_have_no_staff_power():
    assert not has_staff_power(AnonymousUser())


@pytest.mark.parametrize(
    "url, item",
    [("/nl/kennisbank/", "staff_article"), ("/nl/kennisbank/documenten/", "staff_document")],
)
def test_staff_only_items_are_not_listed_without_second_factor(
    client, world, staff_without_mfa, editor, url, item
):
    title = getattr(world, item).title
    client.force_login(staff_without_mfa)
    assert title not in client.get(url).content.decode()
    client.force_login(editor)
    assert title in client.get(url).content.decode()


def test_the_dashboard_tells_staff_to_set_up_a_second_factor(client, staff_without_mfa, editor):
    hint = "Uw beheerrechten werken pas als u tweestapsverificatie instelt"
    client.force_login(staff_without_mfa)
    page = client.get("/nl/mijn/").content.decode()
    assert hint in page and "/nl/account/2fa/totp/activate/" in page
    client.force_login(editor)
    assert hint not in client.get("/nl/mijn/").content.decode()


def test_the_admin_still_sends_staff_to_set_up_a_second_factor(client, staff_without_mfa):
    client.force_login(staff_without_mfa)
    response = client.get("/admin/events/registration/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/account/2fa/totp/activate/"
