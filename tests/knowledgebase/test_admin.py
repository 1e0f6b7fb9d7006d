"""The editorial admin: filters, translation state, publish and archive, preview, editor, twins."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from knowledgebase.models import Article
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/knowledgebase/article/"


def test_editor_is_no_superuser_but_can_do_the_editorial_work(editor):
    assert not editor.is_superuser
    for perm in ("add_article", "change_article", "publish_article", "add_document", "add_theme"):
        assert editor.has_perm(f"knowledgebase.{perm}")


@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=review", "?kind__exact=good_practice", "?language__exact=fr",
     "?themes__id__exact=1", "?q=inbraak"],
)  # fmt: skip
def test_changelist_with_filters(client, editor, query):
    ThemeFactory()
    ArticleFactory(title="Inbraak in de kijker")
    client.force_login(editor)
    assert client.get(CHANGELIST + query).status_code == 200


def test_translation_column_shows_missing_older_and_current(client, editor):
    alone = ArticleFactory(title="Alleen in het Nederlands")
    nl = ArticleFactory(title="Bijgewerkt origineel")
    fr = ArticleFactory(title="Traduction", language="fr", translation_key=nl.translation_key)
    Article.objects.filter(pk__in=[nl.pk, fr.pk]).update(content_changed_at=timezone.now())
    client.force_login(editor)

    def state(article):
        html = client.get(CHANGELIST, {"q": article.title}).content.decode()
        row = re.search(r'<td class="field-translation_state">(.*?)</td>', html)
        return row.group(1)

    assert state(alone) == "vertaling ontbreekt"
    assert state(nl) == "bijgewerkt"
    nl.body = "<p>Nieuwe paragraaf</p>"
    nl.save()
    assert state(nl) == "vertaling ouder dan deze versie"
    assert state(fr) == "bijgewerkt"


def test_publish_and_archive_actions(client, editor):
    draft = ArticleFactory(status="review", published_at=None)
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at <= timezone.now()
    client.post(CHANGELIST, {"action": "archive_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "archived"
    assert client.get(draft.get_absolute_url()).status_code == 200  # a preview for the editor
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publish_keeps_a_scheduled_time(editor):
    later = timezone.now() + timedelta(days=3)
    article = ArticleFactory(status="review", published_at=later)
    article.publish(editor=editor)
    assert article.published_at == later
    assert article not in Article.objects.published()


def test_change_form_has_the_rich_text_editor_with_a_nonce_for_its_import_map(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.get(f"/admin/knowledgebase/article/{article.pk}/change/")
    html = response.content.decode()
    assert "data-django-prose-editor-configurable" in html
    assert "django_prose_editor/editor.js" in html
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)"', html).group(1)
    policy = response["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" in policy
    assert "unsafe-inline" not in policy
    # Elsewhere, no nonce and so no inline script at all.
    public = client.get("/nl/kennisbank/")
    assert "nonce-" not in public["Content-Security-Policy"]


def test_change_form_saves_sanitised_html_and_keeps_a_version(client, editor):
    article = ArticleFactory(body="<p>Oud</p>")
    client.force_login(editor)
    url = f"/admin/knowledgebase/article/{article.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"themes", "documents", "cover_image", "author"}
    }
    published = timezone.localtime(article.published_at)
    data.update(
        body='<p onclick="x()">Nieuw</p><script>alert(1)</script>',
        published_at_0=published.strftime("%d-%m-%Y"),
        published_at_1=published.strftime("%H:%M:%S"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.body == "<p>Nieuw</p>"
    assert article.versions.get().data["body"] == "<p>Oud</p>"


def test_translate_creates_a_linked_draft_and_the_pages_link_each_other(client, editor):
    theme = ThemeFactory()
    nl = ArticleFactory(title="Brandveiligheid", slug="brandveiligheid", themes=[theme])
    client.force_login(editor)
    response = client.post(f"/admin/knowledgebase/article/{nl.pk}/vertalen/")
    fr = Article.objects.get(language="fr")
    assert response["Location"].endswith(f"/admin/knowledgebase/article/{fr.pk}/change/")
    assert fr.translation_key == nl.translation_key
    assert fr.status == "draft" and list(fr.themes.all()) == [theme]
    fr.title, fr.slug = "Sécurité incendie", "securite-incendie"
    fr.publish(editor=editor)
    client.logout()

    page = client.get(nl.get_absolute_url()).content.decode()
    assert 'href="/fr/base-de-connaissances/securite-incendie/"' in page
    # The header's language switch goes to the twin, not to the same slug under /fr/.
    switch = re.search(r'<nav aria-label="Taal">(.*?)</nav>', page, re.S).group(1)
    assert 'href="/fr/base-de-connaissances/securite-incendie/"' in switch
    assert (
        'hreflang="fr" href="http://testserver/fr/base-de-connaissances/securite-incendie/"' in page
    )
    back = client.get(fr.get_absolute_url()).content.decode()
    assert 'href="/nl/kennisbank/brandveiligheid/"' in back


@pytest.mark.parametrize("persona", ["citizen", "coordinator_a", "board_member"])
def test_others_have_no_editorial_admin(client, login_as, persona):
    login_as(persona)
    response = client.get(CHANGELIST)
    assert response.status_code in (302, 403)
