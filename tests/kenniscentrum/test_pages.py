import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.template import Context, Template
from django.utils import translation

from kenniscentrum.models import Page
from tests.factories import PNG_BYTES, PageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/nl/over-ons/", "Over ons"),
        ("/fr/a-propos/", "À propos"),
        ("/nl/over-ons/doelstellingen/", "Doelstellingen"),
        ("/fr/a-propos/objectifs/", "Objectifs"),
        ("/nl/privacy/", "Privacyverklaring"),
        ("/fr/vie-privee/", "Déclaration de confidentialité"),
        ("/nl/toegankelijkheid/", "Toegankelijkheidsverklaring"),
        ("/fr/accessibilite/", "Déclaration d&#x27;accessibilité"),
    ],
)
def test_fixed_pages_exist_from_the_start_in_both_languages(client, path, title):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_about_page_tells_the_story_in_both_languages(client):
    dutch = client.get("/nl/over-ons/").content.decode()
    french = client.get("/fr/a-propos/").content.decode()
    for text in ["25 november 2014", "Belgisch Staatsblad", "Raad van Bestuur", "Ons motto"]:
        assert text in dutch
    for text in ["25 novembre 2014", "Moniteur belge", "conseil d'administration"]:
        assert text in french


def test_privacy_statement_explains_export_and_deletion(client):
    html = client.get("/nl/privacy/").content.decode()
    assert 'href="/nl/mijn/gegevens/"' in html
    for text in ["Hoe lang", "Uw rechten", "Gegevensbeschermingsautoriteit"]:
        assert text in html


def test_staff_page_lives_under_its_slug_in_each_language(client):
    PageFactory(slug="lid-worden", title_nl="Lid worden", title_fr="Devenir membre")
    assert "<h1>Lid worden</h1>" in client.get("/nl/p/lid-worden/").content.decode()
    assert "<h1>Devenir membre</h1>" in client.get("/fr/p/lid-worden/").content.decode()


def test_fixed_page_reached_by_its_slug_redirects_to_its_own_address(client):
    response = client.get("/nl/p/privacy/")
    assert response.status_code == 301
    assert response["Location"] == "/nl/privacy/"


def test_structure_text_shows_above_the_live_data_of_the_members_app(client):
    response = client.get("/nl/p/structuur/")
    assert response.status_code == 301
    assert response["Location"] == "/nl/over-ons/structuur/"
    Page.objects.filter(key="structure").update(body_nl="<p>Onze eigen structuurtekst.</p>")
    assert "Onze eigen structuurtekst." in client.get("/nl/over-ons/structuur/").content.decode()


def test_unpublished_page_is_not_found(client):
    PageFactory(slug="concept", published=False)
    assert client.get("/nl/p/concept/").status_code == 404
    Page.objects.filter(key="privacy").update(published=False)
    assert client.get("/nl/privacy/").status_code == 404


def test_missing_french_text_falls_back_to_dutch_marked_as_dutch(client):
    PageFactory(slug="enkel-nl", body_fr="", body_nl="<p>Alleen in het Nederlands.</p>")
    html = client.get("/fr/p/enkel-nl/").content.decode()
    assert '<div class="page-body" lang="nl"><p>Alleen in het Nederlands.</p></div>' in html


def test_page_body_is_sanitised_on_save():
    page = PageFactory(
        body_nl='<p onclick="x()">Hallo<script>alert(1)</script></p><a href="javascript:x">k</a>'
    )
    page.refresh_from_db()
    assert "script" not in page.body_nl
    assert "onclick" not in page.body_nl
    assert "javascript" not in page.body_nl
    assert "Hallo" in page.body_nl


def test_a_cover_needs_alt_text():
    page = PageFactory.build(cover=SimpleUploadedFile("c.png", PNG_BYTES), cover_alt="")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "cover_alt" in error.value.message_dict
    with pytest.raises(IntegrityError, match="kenniscentrum_page_cover_needs_alt"):
        PageFactory(cover="pages/c.png", cover_alt="")


def test_one_page_per_fixed_address():
    with pytest.raises(IntegrityError, match="kenniscentrum_page_one_page_per_key"):
        PageFactory(key="privacy")


def test_menus_list_the_pages_placed_in_them_and_follow_edits(client):
    page = PageFactory(slug="lid-worden", title_nl="Lid worden", menu="about", order=30)
    html = client.get("/nl/").content.decode()
    assert 'href="/nl/p/lid-worden/">Lid worden</a>' in html
    assert 'href="/nl/over-ons/doelstellingen/">Doelstellingen</a>' in html  # header submenu
    assert 'href="/nl/privacy/">Privacyverklaring</a>' in html  # footer
    page.menu = "footer"
    page.title_nl = "Word lid"
    page.save()
    html = client.get("/nl/").content.decode()
    assert "Lid worden" not in html
    assert 'class="link-light" href="/nl/p/lid-worden/">Word lid</a>' in html


def test_the_menus_cost_one_query_per_page(client, django_assert_num_queries):
    client.get("/nl/privacy/")
    with django_assert_num_queries(1 + 1):  # the page itself; the header's and footer's menus
        client.get("/nl/privacy/")


def test_about_pages_show_the_section_navigation(client):
    html = client.get("/nl/over-ons/doelstellingen/").content.decode()
    assert 'aria-label="Over het Kenniscentrum"' in html
    assert 'href="/nl/over-ons/doelstellingen/" aria-current="page">Doelstellingen' in html


def render(source):
    return Template("{% load pages %}" + source).render(Context())


def test_page_body_tag_shows_a_pages_text_in_the_current_language():
    Page.objects.filter(key="structure").update(
        body_nl="<p>De structuur.</p>", body_fr="<p>La structure.</p>"
    )
    with translation.override("nl"):
        assert (
            render('{% page_body "structure" %}')
            == '<div class="page-body"><p>De structuur.</p></div>'
        )
    with translation.override("fr"):
        assert "<p>La structure.</p>" in render('{% page_body "structure" %}')


def test_page_body_tag_shows_nothing_without_a_published_page():
    Page.objects.filter(key="structure").update(published=False)
    assert render('{% page_body "structure" %}') == ""
    assert render('{% page_body "bestaat-niet" %}') == ""


# --- admin -----------------------------------------------------------------------------------


def page_form(**overrides):
    data = {
        "key": "",
        "slug": "vrijwilligers",
        "menu": "about",
        "order": "40",
        "published": "on",
        "title_nl": "Vrijwilligers",
        "title_fr": "Bénévoles",
        "summary_nl": "",
        "summary_fr": "",
        "body_nl": "<p>Word vrijwilliger.<script>x</script></p>",
        "body_fr": "<p>Devenez bénévole.</p>",
        "cover_alt": "",
    }
    return {**data, **overrides}


def test_editor_adds_a_page_in_the_admin_and_it_is_online(client, editor):
    client.force_login(editor)
    response = client.post("/admin/kenniscentrum/page/add/", page_form())
    assert response.status_code == 302
    page = Page.objects.get(slug="vrijwilligers")
    assert page.body_nl == "<p>Word vrijwilliger.</p>"
    assert "Bénévoles" in client.get("/fr/p/vrijwilligers/").content.decode()


def test_admin_shows_a_message_next_to_alt_text_for_a_cover_without_it(client, editor):
    client.force_login(editor)
    data = page_form(cover=SimpleUploadedFile("cover.png", PNG_BYTES, content_type="image/png"))
    response = client.post("/admin/kenniscentrum/page/add/", data)
    assert response.status_code == 200
    assert "Geef een alternatieve tekst voor het omslagbeeld." in response.content.decode()
    assert not Page.objects.filter(slug="vrijwilligers").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("citizen", 302), ("board_member", 403), ("editor", 200), ("superuser", 200)],
)
def test_who_may_edit_pages(client, login_as, persona, status):
    login_as(persona)
    response = client.get("/admin/kenniscentrum/page/add/")
    assert response.status_code == status
