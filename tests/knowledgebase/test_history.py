"""Every change keeps the earlier version; an editor sees and restores it from the admin."""

import pytest

from knowledgebase.models import ArticleVersion
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(editor):
    article = ArticleFactory(title="Eerste titel", body="<p>Eerste tekst</p>")
    article.title = "Tweede titel"
    article.body = "<p>Tweede tekst</p>"
    article.save(editor=editor)
    return article


def test_a_change_of_a_published_article_keeps_the_earlier_version(edited, editor):
    version = edited.versions.get()
    assert version.data["title"] == "Eerste titel"
    assert version.data["body"] == "<p>Eerste tekst</p>"
    assert version.data["status"] == "published"
    assert version.created_by == editor


def test_saving_without_a_change_keeps_no_version():
    article = ArticleFactory()
    article.save()
    assert not article.versions.exists()


def test_editor_sees_the_versions_and_restores_one(client, edited, editor):
    client.force_login(editor)
    listing = client.get(f"/admin/knowledgebase/article/{edited.pk}/versies/")
    assert listing.status_code == 200
    assert "Eerste titel" in listing.content.decode()
    version = edited.versions.get()
    url = f"/admin/knowledgebase/article/{edited.pk}/versies/{version.pk}/"
    shown = client.get(url)
    assert shown.status_code == 200 and "Eerste tekst" in shown.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.title == "Eerste titel"
    assert edited.body == "<p>Eerste tekst</p>"
    # Nothing is lost: the text that was replaced by the restore is now a version too.
    assert ArticleVersion.objects.filter(article=edited, data__title="Tweede titel").exists()
    assert client.get(edited.get_absolute_url()).content.decode().count("Eerste tekst") == 1


@pytest.mark.parametrize("persona", ["board_member", "citizen", "anonymous"])
def test_others_cannot_restore(client, login_as, edited, persona):
    login_as(persona)
    version = edited.versions.get()
    response = client.post(f"/admin/knowledgebase/article/{edited.pk}/versies/{version.pk}/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    edited.refresh_from_db()
    assert edited.title == "Tweede titel"


def test_the_search_index_follows_a_restore(client, edited, editor):
    edited.restore(edited.versions.get(), editor=editor)
    titles = [a.title for a in type(edited).objects.published().search("eerste")]
    assert titles == ["Eerste titel"]
