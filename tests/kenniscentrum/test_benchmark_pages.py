"""The pages the load tests measure come from every app's registry entry."""

import pytest

from events.models import Registration
from kenniscentrum.loadtest.pages import benchmark_pages, benchmark_user
from tests.factories import ArticleFactory, CourseFactory, EventFactory, course_session

pytestmark = pytest.mark.django_db


def test_each_app_names_its_pages_and_mijn_bin_is_seen_by_the_bins_coordinator(
    bin_a, coordinator_a
):
    article = ArticleFactory()
    event = EventFactory(capacity=20)
    Registration.objects.create(event=event, name="Een", email="een@example.org")
    course = CourseFactory()
    course_session(course)

    pages = {label: (path, logged_in) for label, path, logged_in in benchmark_pages()}

    assert pages["home"] == ("/nl/", False)
    assert pages["BIN page"] == (bin_a.get_absolute_url(), False)
    assert pages["BIN directory ?q=postcode"][0].startswith("/nl/bin/?q=")
    assert pages["knowledge base search"] == ("/nl/kennisbank/?q=inbraak", False)
    assert pages["article"] == (article.get_absolute_url(), False)
    assert pages["calendar"] == ("/nl/agenda/", False)
    assert pages["event"] == (event.get_absolute_url(), False)
    assert pages["course"] == (course.get_absolute_url(), False)
    assert pages["Mijn BIN (logged in)"] == (f"/nl/mijn/bin/{bin_a.slug}/", True)
    assert benchmark_user() == coordinator_a


def test_without_data_only_the_fixed_pages_remain():
    labels = [label for label, _path, _logged_in in benchmark_pages()]
    assert sorted(labels) == ["calendar", "home", "knowledge base search"]
    assert benchmark_user() is None
