import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from kenniscentrum.models import Partner
from tests.factories import PNG_BYTES, PartnerFactory

pytestmark = pytest.mark.django_db


def test_partners_page_lists_active_partners_by_kind_in_order(client):
    PartnerFactory(name="Politiezone Fictief", kind="police", order=1)
    PartnerFactory(name="Stichting B", kind="organisation", order=2)
    PartnerFactory(name="Stichting A", kind="organisation", order=1)
    PartnerFactory(name="Vroegere partner", active=False)
    html = client.get("/nl/partners/").content.decode()
    assert "Vroegere partner" not in html
    assert html.index("Stichting A") < html.index("Stichting B")
    assert "Politie</h2>" in html
    assert "Organisatie</h2>" in html


def test_partners_page_in_french(client):
    PartnerFactory(name="Zone de police Fictive", kind="police")
    html = client.get("/fr/partenaires/").content.decode()
    assert "<h1>Partenaires</h1>" in html
    assert "Police</h2>" in html


def test_partners_page_without_partners_says_so(client):
    html = client.get("/nl/partners/").content.decode()
    assert "Hier verschijnen binnenkort onze partners." in html


def test_a_logo_needs_alt_text_in_the_database():
    with pytest.raises(IntegrityError, match="kenniscentrum_partner_logo_needs_alt"):
        PartnerFactory(logo="partners/logo.png", logo_alt="")


def partner_form(**overrides):
    data = {
        "name": "Gemeente Voorbeeld",
        "url": "https://example.org",
        "kind": "government",
        "order": "1",
        "active": "on",
        "logo_alt": "Logo van Gemeente Voorbeeld",
    }
    return {**data, **overrides}


def test_editor_adds_a_partner_with_a_logo(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    logo = SimpleUploadedFile("logo.png", PNG_BYTES, content_type="image/png")
    response = client.post("/admin/kenniscentrum/partner/add/", partner_form(logo=logo))
    assert response.status_code == 302
    partner = Partner.objects.get(name="Gemeente Voorbeeld")
    assert partner.logo.name.startswith("partners/")
    html = client.get("/nl/").content.decode()
    assert f'src="{partner.logo.url}" alt="Logo van Gemeente Voorbeeld"' in html


def test_admin_asks_for_alt_text_next_to_the_field(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    logo = SimpleUploadedFile("logo.png", PNG_BYTES, content_type="image/png")
    response = client.post(
        "/admin/kenniscentrum/partner/add/", partner_form(logo=logo, logo_alt="")
    )
    assert response.status_code == 200
    assert "Geef een alternatieve tekst voor het logo." in response.content.decode()
    assert not Partner.objects.exists()


def test_admin_refuses_a_logo_that_is_not_an_image(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    fake = SimpleUploadedFile("logo.png", b"<svg onload='x()'></svg>", content_type="image/png")
    response = client.post("/admin/kenniscentrum/partner/add/", partner_form(logo=fake))
    assert response.status_code == 200
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("citizen", 302), ("board_member", 403), ("editor", 200)],
)
def test_who_may_manage_partners(client, login_as, persona, status):
    login_as(persona)
    assert client.get("/admin/kenniscentrum/partner/add/").status_code == status
