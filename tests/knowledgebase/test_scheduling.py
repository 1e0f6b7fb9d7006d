"""A future publication time publishes the article then, without any job running."""

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledgebase.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    return ArticleFactory(
        title="Aangekondigde studiedag",
        kind="news",
        published_at=timezone.now() + timedelta(hours=2),
    )


def test_scheduled_article_is_hidden_until_its_time(client, scheduled):
    assert scheduled not in Article.objects.published()
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert b"Aangekondigde studiedag" not in client.get("/nl/kennisbank/?kind=news").content
    assert b"Aangekondigde studiedag" not in client.get("/nl/feeds/nieuws/rss/").content


def test_scheduled_article_appears_when_its_time_has_come(client, scheduled, monkeypatch):
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert scheduled in Article.objects.published()
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert b"Aangekondigde studiedag" in client.get("/nl/kennisbank/?kind=news").content
    assert b"Aangekondigde studiedag" in client.get("/nl/feeds/nieuws/rss/").content


def test_publishing_without_a_time_publishes_now():
    article = ArticleFactory(status="draft", published_at=None)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article in Article.objects.published()


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_only_published_status_is_public(client, status):
    article = ArticleFactory(status=status)
    assert article not in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 404
