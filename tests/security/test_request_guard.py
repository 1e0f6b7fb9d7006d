"""Odd input is refused before it is parsed or queried: NUL characters and oversized bodies get
400 or 413, never a server error; uploads up to 20 MB still work."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from members.models import Charter
from tests.factories import MINIMAL_PDF, pdf_upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "path",
    [
        "/nl/certificaat/%00/",
        "/nl/certificaat/abc%00/pdf/",
        "/nl/kennisbank/documenten/bestand/%00",
        "/fr/certificat/%00/",
        "/static/%00.css",
        "/nl/zoeken/?q=%00",
        "/nl/bin/?q=9000&province=%00",
        "/nl/agenda/?%00=1",
    ],
)
def test_nul_in_the_path_or_query_is_a_bad_request(client, path):
    response = client.get(path)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ongeldige aanvraag" in page and "Requête invalide" in page


@pytest.mark.parametrize("host", ["evil.example", "localhost\\evil", "localhost:80@evil.example"])
def test_a_host_the_site_does_not_serve_is_a_bad_request(client, host):
    response = client.get("/nl/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "Ongeldige aanvraag" in response.content.decode()


def test_nul_in_a_form_field_is_a_bad_request(client):
    response = client.post("/nl/contact/", {"name": "Bert", "message": "Hallo\x00"})
    assert response.status_code == 400


def test_nul_in_a_cookie_is_a_bad_request(client):
    """A session key reaches a query: one with NUL would be a server error there."""
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/nl/").status_code == 400


def test_a_malformed_form_body_is_a_bad_request(client):
    response = client.post("/nl/contact/", "garbage", content_type="multipart/form-data")
    assert response.status_code == 400


def test_a_body_beyond_the_cap_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = client.post("/nl/contact/", {"message": "x" * 2000})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Wat u verstuurde is te groot" in page and "trop volumineux" in page


def test_a_declared_length_is_enough_to_refuse(client):
    response = client.generic(
        "POST", "/nl/contact/", b"", CONTENT_LENGTH=str(200 * MB), content_type="text/plain"
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "data",
    [
        {f"field{i}": "x" for i in range(2001)},  # DATA_UPLOAD_MAX_NUMBER_FIELDS
        {"message": "x" * (2 * MB + 1)},  # DATA_UPLOAD_MAX_MEMORY_SIZE
    ],
    ids=["too-many-fields", "too-much-text"],
)
def test_django_limits_on_form_data_answer_400(client, data):
    body = urlencode(data)
    response = client.post("/nl/contact/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_too_many_files_answer_400(client):
    files = {f"file{i}": pdf_upload(f"f{i}.pdf") for i in range(51)}
    assert client.post("/nl/contact/", files).status_code == 400


def test_an_upload_of_20_mb_still_works(client, coordinator_a):
    client.force_login(coordinator_a)
    pdf = MINIMAL_PDF + b"%" + b"0" * (20 * MB - len(MINIMAL_PDF) - 1)
    response = client.post(
        "/nl/mijn/bin/bin-gent-sint-pieters/charter/",
        {
            "signed_on": "2024-05-02",
            "signed_by_coordinator": "Ann Coördinator",
            "signed_by_mayor": "Burgemeester",
            "signed_by_police_chief": "Korpschef",
            "pdf": pdf_upload(content=pdf),
        },
    )
    assert response.status_code == 302
    assert Charter.objects.get().pdf.size == 20 * MB
