"""Shared fixtures: the personas of DESIGN.md, reused by every app's tests.

Each persona is a user with a verified e-mail address. Roles on BINs, working memberships and board
mandates are added by the apps that own them; staff personas have a second factor, since staff power
requires one, except `staff_without_mfa`.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from kenniscentrum.permissions import BOARD, EDITORS
from members.models import BINRole, Municipality, Province
from tests.factories import PASSWORD, BINFactory, BINRoleFactory, UserFactory, give_mfa


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table afterwards; reload the geography when it is gone."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        if not Province.objects.exists():
            call_command("load_reference_data", stdout=io.StringIO())


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


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads (public and private) go to temporary folders, never into the working tree."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private_media")


@pytest.fixture
def clear_rate_limits(_fresh_cache):
    """Public forms count submissions per address in the cache; `_fresh_cache` empties it for
    every test, so naming this fixture only documents the dependency."""
    yield


@pytest.fixture(autouse=True)
def _reset_language():
    """A request to a /fr/ page leaves French active in the thread; the next test starts in
    the default language."""
    from django.utils import translation

    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each test starts with an empty cache (no rate-limit count from another test), except for
    the editable menus of the header and footer: in production they come from the shared cache,
    so query counts are measured with them cached, as a visitor's page view runs."""
    from django.core.cache import cache

    cache.clear()
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        from kenniscentrum import menus

        menus.warm()
    yield
    cache.clear()
