"""Shared fixtures: the personas of DESIGN.md, reused by every app's tests.

Each persona is a user with a verified e-mail address. Roles on BINs, working memberships and board
mandates are added by the apps that own them; staff personas have a second factor, since the admin
requires one.
"""

import pytest
from django.contrib.auth.models import Group

from kenniscentrum.permissions import BOARD, EDITORS
from tests.factories import PASSWORD, UserFactory, give_mfa


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing with the production hasher makes every login cost ~0.3 s; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def citizen(db):
    return UserFactory(email="burger@example.org", full_name="Bert Burger")


@pytest.fixture
def coordinator_a(db):
    return UserFactory(email="coordinator.a@example.org", full_name="Ann Coördinator")


@pytest.fixture
def coordinator_b(db):
    return UserFactory(email="coordinator.b@example.org", full_name="Bram Coördinator")


@pytest.fixture
def police_officer(db):
    return UserFactory(email="inspecteur@example.org", full_name="Ines Inspecteur")


@pytest.fixture
def editor(db):
    user = UserFactory(email="redactie@example.org", full_name="Rita Redactie", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    give_mfa(user)
    return user


@pytest.fixture
def board_member(db):
    user = UserFactory(email="bestuur@example.org", full_name="Bob Bestuur", is_staff=True)
    user.groups.add(Group.objects.get(name=BOARD))
    give_mfa(user)
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(
        email="admin@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True
    )
    give_mfa(user)
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
