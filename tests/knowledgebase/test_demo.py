import pytest

from knowledgebase.demo import seed
from knowledgebase.models import Article, ArticleVersion, Document, Theme
from members.demo import seed_personas
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_demo_content_is_bilingual_and_safe_to_seed_twice():
    seed_personas()
    seed()
    seed()
    assert Theme.objects.count() == 7
    published = Article.objects.published()
    assert published.count() >= 30
    assert published.filter(language="nl").count() >= 15
    assert published.filter(language="fr").count() >= 15
    assert published.filter(audience="members").exists()
    assert Article.objects.filter(status="review", submitted_by__isnull=False).exists()
    assert Document.objects.filter(audience="members").exists()
    # Every theme has articles in both languages.
    for theme in Theme.objects.all():
        assert set(theme.articles.values_list("language", flat=True)) == {"nl", "fr"}
    assert not ArticleVersion.objects.exists()  # the second run changed nothing


def test_an_article_with_two_themes_counts_once(client):
    one, two = ThemeFactory(), ThemeFactory()
    ArticleFactory(title="Inbraak en fietsdiefstal", themes=[one, two])
    content = client.get("/nl/kennisbank/", {"q": "inbraak"}).content.decode()
    assert "1 artikel gevonden" in content
    assert "Nieuws (1)" in content and "Nederlands (1)" in content
    assert f"{one.name_nl} (1)" in content and f"{two.name_nl} (1)" in content
