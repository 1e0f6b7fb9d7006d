"""The personas of DESIGN.md as fixtures, reused by every app's tests (loaded by conftest.py).

Each persona is a user with a verified e-mail address. Roles on BINs, working memberships and board
mandates are added by the apps that own them; staff personas have a second factor, since staff power
requires one, except `staff_without_mfa`. `PERSONAS` names them all for tests that go through every
one, with `login_as`.
"""

import pytest
from django.contrib.auth.models import Group

from kenniscentrum.permissions import BOARD, EDITORS
from members.models import BINRole, Municipality
from tests.factories import PASSWORD, BINFactory, BINRoleFactory, UserFactory, give_mfa


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def citizen(db):
    return UserFactory(email="burger@example.org", full_name="Bert Burger")


@pytest.fixture
def bin_a(db):
    """An active BIN in Gent (postcode 9000)."""
    gent = Municipality.objects.get(nis_code="44021")
    return BINFactory(name="BIN Gent Sint-Pieters", slug="bin-gent-sint-pieters", municipality=gent)


@pytest.fixture
def bin_b(db):
    """An active BIN in Liège."""
    liege = Municipality.objects.get(nis_code="62063")
    return BINFactory(name="PLP Liège Centre", slug="plp-liege-centre", municipality=liege)


@pytest.fixture
def coordinator_a(bin_a):
    user = UserFactory(email="coordinator.a@example.org", full_name="Ann Coördinator")
    BINRoleFactory(user=user, bin=bin_a, role=BINRole.Role.COORDINATOR)
    return user


@pytest.fixture
def coordinator_b(bin_b):
    user = UserFactory(email="coordinator.b@example.org", full_name="Bram Coördinator")
    BINRoleFactory(user=user, bin=bin_b, role=BINRole.Role.COORDINATOR)
    return user


@pytest.fixture
def police_officer(bin_a):
    """The mandated police officer of BIN A."""
    user = UserFactory(email="inspecteur@example.org", full_name="Ines Inspecteur")
    BINRoleFactory(user=user, bin=bin_a, role=BINRole.Role.POLICE_OFFICER)
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(email="redactie@example.org", full_name="Rita Redactie", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    give_mfa(user)
    return user


@pytest.fixture
def board_member(db):
    user = UserFactory(email="bestuur@example.org", full_name="Bob Bestuur", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=BOARD)[0])
    give_mfa(user)
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(
        email="admin@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True
    )
    give_mfa(user)
    return user


@pytest.fixture
def staff_without_mfa(db):
    """An editor who has not set up two-step verification: a password alone opens no staff power."""
    user = UserFactory(email="nog.geen.2fa@example.org", full_name="Nina Nieuw", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    return user


PERSONAS = [
    "anonymous",
    "citizen",
    "coordinator_a",
    "coordinator_b",
    "police_officer",
    "editor",
    "board_member",
    "superuser",
    "staff_without_mfa",
]


@pytest.fixture
def login_as(client, request):
    """login_as("coordinator_a") logs the test client in as that persona (or stays anonymous)."""

    def _login(persona):
        if persona == "anonymous":
            return None
        user = request.getfixturevalue(persona)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return user

    return _login
