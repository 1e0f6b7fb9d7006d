import re

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import path

from kenniscentrum.site.views import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "target"), [("nl-BE,nl;q=0.9", "/nl/"), ("fr-BE,fr", "/fr/"), ("de", "/nl/")]
)
def test_root_redirects_by_browser_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_home_is_served_in_each_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'href="#main"' in html  # skip link
    assert '<main id="main"' in html


def test_home_names_the_sections_in_french(client):
    html = client.get("/fr/").content.decode()
    for label in ["Base de connaissances", "Agenda", "Formations", "Trouver un PLP", "À propos"]:
        assert label in html


def test_hreflang_alternates_and_switch_keep_the_page(client):
    html = client.get("/nl/account/login/?next=/nl/").content.decode()
    assert 'hreflang="nl" href="http://testserver/nl/account/login/?next=%2Fnl%2F"' in html
    assert re.search(r'hreflang="fr" href="http://testserver/fr/compte/login/', html)
    assert 'href="/fr/compte/login/?next=%2Fnl%2F" hreflang="fr"' in html


def test_language_links_carry_the_page_its_arguments_and_query(client, bin_a):
    html = client.get("/nl/bin/bin-gent-sint-pieters/?ref=x").content.decode()
    assert 'hreflang="fr" href="http://testserver/fr/plp/bin-gent-sint-pieters/?ref=x"' in html
    assert 'hreflang="nl" href="http://testserver/nl/bin/bin-gent-sint-pieters/?ref=x"' in html
    # a page that does not exist keeps its own address
    missing = client.get("/nl/bestaat-niet/")
    assert missing.status_code == 404
    assert 'hreflang="fr" href="http://testserver/nl/bestaat-niet/"' in missing.content.decode()


def test_static_assets_come_from_our_own_origin(client):
    html = client.get("/nl/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert not re.search(r"(src|href)=\"https?://", html.replace("http://testserver", ""))


def test_every_response_carries_the_security_headers(client):
    response = client.get("/nl/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_home_has_no_inline_script(client):
    html = client.get("/nl/").content.decode()
    # Structured data (application/ld+json) is a data block: browsers never execute it.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)


@pytest.mark.parametrize(
    ("lang", "title"), [("nl", "Pagina niet gevonden"), ("fr", "Page introuvable")]
)
def test_404_page_is_in_the_site_style(client, lang, title):
    response = client.get(f"/{lang}/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title in html
    assert 'class="site-header' in html


def test_500_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/nl/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert "Une erreur s'est produite" in response.content.decode()


def raise_database_down(request):
    raise OperationalError("could not connect to server")


def raise_bug(request):
    raise ValueError("a bug")


urlpatterns = [path("down/", raise_database_down), path("bug/", raise_bug)]
handler500 = "kenniscentrum.site.views.server_error"


@pytest.mark.urls(__name__)
def test_database_outage_answers_a_503_maintenance_page(client):
    client.raise_request_exception = False
    response = client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Even geduld" in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_other_errors_answer_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/bug/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
