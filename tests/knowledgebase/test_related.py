"""'Lees ook' under an article: the articles in its language sharing most of its themes, stored
when it is saved or its themes change, and shown only as far as the reader may see them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from knowledgebase.models import Article
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def related_titles(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    if "Lees ook" not in page:
        return []
    section = page[page.index("Lees ook") :]
    titles = [a.title for a in Article.objects.all() if f">{a.title}</a>" in section]
    return sorted(titles, key=section.index)


@pytest.fixture
def themes():
    return ThemeFactory(slug="inbraak"), ThemeFactory(slug="fiets"), ThemeFactory(slug="brand")


def test_related_are_those_sharing_most_themes_newest_first(client, themes):
    inbraak, fiets, brand = themes
    article = ArticleFactory(title="Het artikel", themes=[inbraak, fiets])
    day = timedelta(days=1)
    ArticleFactory(
        title="Twee gedeeld", themes=[inbraak, fiets], published_at=timezone.now() - 9 * day
    )
    ArticleFactory(title="Een gedeeld, oud", themes=[fiets], published_at=timezone.now() - 5 * day)
    ArticleFactory(
        title="Een gedeeld, nieuw", themes=[inbraak], published_at=timezone.now() - 2 * day
    )
    ArticleFactory(title="Niets gedeeld", themes=[brand])
    ArticleFactory(title="In het Frans", language="fr", themes=[inbraak, fiets])
    ArticleFactory(title="Ontwerp", status="draft", themes=[inbraak, fiets])
    ArticleFactory(title="Intern", audience="staff", themes=[inbraak, fiets])
    # Written before the article got them: the article's own list counts them at its save.
    article.save()
    assert related_titles(client, article) == [
        "Twee gedeeld",
        "Een gedeeld, nieuw",
        "Een gedeeld, oud",
    ]


def test_the_translation_is_not_related_but_linked(client, themes):
    article = ArticleFactory(title="Het artikel", themes=themes[:1])
    twin = ArticleFactory(
        title="La traduction",
        language="fr",
        translation_key=article.translation_key,
        themes=themes[:1],
    )
    other = ArticleFactory(title="Ander artikel", themes=themes[:1])
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{twin.get_absolute_url()}" hreflang="fr"' in page
    assert related_titles(client, article) == [other.title]


def test_changing_an_articles_themes_changes_its_related(client, themes):
    inbraak, fiets, _ = themes
    ArticleFactory(title="Over fietsen", themes=[fiets])
    article = ArticleFactory(title="Het artikel", themes=[inbraak])
    assert related_titles(client, article) == []
    article.themes.add(fiets)
    assert related_titles(client, article) == ["Over fietsen"]
    fiets.articles.remove(article)
    assert related_titles(client, article) == []


def test_a_scheduled_article_shows_once_it_is_published(client, themes):
    article = ArticleFactory(title="Het artikel", themes=themes[:1])
    scheduled = ArticleFactory(title="Gepland", published_at=timezone.now() + timedelta(hours=1))
    scheduled.themes.set(themes[:1])
    article.save()
    assert related_titles(client, article) == []
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert related_titles(client, article) == ["Gepland"]


def test_the_command_brings_older_articles_up_to_date(client, themes):
    older = ArticleFactory(title="Ouder artikel", themes=themes[:1])
    newer = ArticleFactory(title="Nieuw artikel", themes=themes[:1])
    assert related_titles(client, newer) == ["Ouder artikel"]  # computed at its own save
    assert related_titles(client, older) == []  # saved before the newer one existed
    call_command("refresh_related_articles", stdout=open("/dev/null", "w"))
    assert related_titles(client, older) == ["Nieuw artikel"]
