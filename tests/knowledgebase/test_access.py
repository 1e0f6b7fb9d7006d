"""The permission matrix over the personas: who reads which article and downloads which file."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from kenniscentrum.lib.uploads import CONTENT_TYPES
from tests.factories import ArticleFactory, DocumentFactory, office_bytes
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

BODY = "Geheime inhoud van het artikel"
MEMBERS = {"coordinator_a", "coordinator_b", "police_officer"}
STAFF = {"editor", "board_member", "superuser"}


def expected_article(persona, audience):
    """'full', 'teaser' or 404."""
    if audience == "public":
        return "full"
    if audience == "members":
        return "full" if persona in MEMBERS | STAFF else "teaser"
    return "full" if persona in STAFF else 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("audience", ["public", "members", "staff"])
def test_article_audience_matrix(client, login_as, persona, audience):
    article = ArticleFactory(audience=audience, body=f"<p>{BODY}</p>")
    login_as(persona)
    response = client.get(article.get_absolute_url())
    expected = expected_article(persona, audience)
    if expected == 404:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    content = response.content.decode()
    assert article.title in content and article.summary in content
    assert (BODY in content) == (expected == "full")
    if expected == "teaser" and persona == "anonymous":
        assert "Log in om te lezen" in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_members_teasers_but_hide_staff_articles(client, login_as, persona):
    ArticleFactory(title="Openbaar inbraakartikel", audience="public")
    ArticleFactory(title="Ledenartikel over inbraak", audience="members")
    ArticleFactory(title="Intern inbraakartikel", audience="staff")
    login_as(persona)
    content = client.get("/nl/kennisbank/", {"q": "inbraak"}).content.decode()
    assert "Openbaar inbraakartikel" in content
    assert "Ledenartikel over inbraak" in content
    assert ("Intern inbraakartikel" in content) == (persona in STAFF)
    if persona == "anonymous":
        assert "Log in om te lezen" in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_unpublished_article_is_a_preview_for_editors_only(client, login_as, persona):
    draft = ArticleFactory(status="review", body=f"<p>{BODY}</p>")
    login_as(persona)
    response = client.get(draft.get_absolute_url())
    if persona in {"editor", "superuser"}:
        assert response.status_code == 200
        assert "Voorbeeld" in response.content.decode()
        assert BODY in response.content.decode()
    else:
        assert response.status_code == 404


def expected_file(persona, audience):
    if audience == "public":
        return 200
    if audience == "members":
        if persona == "anonymous":
            return "login"
        return 200 if persona in MEMBERS | STAFF else 404
    return 200 if persona in STAFF else 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("audience", ["public", "members", "staff"])
def test_document_file_matrix(client, login_as, persona, audience):
    document = DocumentFactory(audience=audience)
    login_as(persona)
    response = client.get(document.get_absolute_url())
    expected = expected_file(persona, audience)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/nl/account/login/")
    else:
        assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        if audience != "public":
            assert "no-store" in response["Cache-Control"]


def test_document_files_live_outside_public_media(client):
    document = DocumentFactory(audience="members")
    assert not document.get_absolute_url().startswith(settings.MEDIA_URL)
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    # The path under /media/ that a public file would have does not serve it.
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_document_library_lists_by_audience(client, login_as, persona):
    DocumentFactory(title="Openbare brochure", audience="public")
    DocumentFactory(title="Modelcharter voor leden", audience="members")
    DocumentFactory(title="Intern werkplan", audience="staff")
    login_as(persona)
    content = client.get("/nl/kennisbank/documenten/").content.decode()
    assert "Openbare brochure" in content
    assert "Modelcharter voor leden" in content
    assert ("Intern werkplan" in content) == (persona in STAFF)


def test_a_file_is_served_with_the_type_of_its_content_not_of_its_name(client):
    document = DocumentFactory(
        file=SimpleUploadedFile("pagina.html", b"%PDF-1.4\n<script>alert(1)</script>")
    )
    assert document.file.name.endswith(".pdf")
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    office = DocumentFactory(file=SimpleUploadedFile("lijst.html", office_bytes("xlsx")))
    assert office.file.name.endswith(".xlsx")
    response = client.get(office.get_absolute_url())
    assert response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"].startswith("attachment")


def test_a_good_practice_names_its_bin_and_links_to_its_contact_form(client, bin_a):
    article = ArticleFactory(
        kind="good_practice",
        bin=bin_a,
        province=bin_a.municipality.province,
        problem="Weinig meldingen.",
        approach="Een koffieochtend.",
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/nl/bin/{bin_a.slug}/"' in content
    assert f'href="/nl/bin/{bin_a.slug}/contact/"' in content
    assert "Oost-Vlaanderen" in content
    assert bin_a.good_practices.get() == article  # for the BIN's own page
