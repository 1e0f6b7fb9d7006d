import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch():
    # A request to a /fr/ page leaves French active in the thread; reverse() here means Dutch.
    with translation.override("nl"):
        yield
