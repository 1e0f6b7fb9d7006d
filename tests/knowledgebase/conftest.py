import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a folder of their own per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits count in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
