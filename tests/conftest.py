"""Shared test set-up: reference data, fast passwords, e-mail in memory, temporary media folders,
an empty cache and the default language for every test.

The personas of DESIGN.md (citizen, coordinators of BIN A and B, police officer, editor, board
member, superuser) are fixtures in `tests/personas.py`, loaded here for every test.
"""

import io

import pytest
from django.core.management import call_command

from members.models import Province

pytest_plugins = ["tests.personas", "tests.services", "tests.mailguard"]


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
def _fresh_cache():
    """Each test starts with an empty cache (no rate-limit count from another test)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
