"""An upload never carries active content: polyglots through every file field and upload form.

A polyglot is a file that is valid as two types at once (a GIF that is also a web page, a PDF
that is also HTML). Whatever the name it was uploaded with, it is stored under a generated name
with the extension of the type read from its content, images are re-encoded (their payload is
gone), SVG is refused, and whatever serves the file sends `nosniff` and a sandboxing CSP.
"""

import io
import posixpath
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import FileField
from PIL import Image, PngImagePlugin

from events import services
from kenniscentrum.lib.uploads import MAX_IMAGE_PIXELS, UploadField
from kenniscentrum.models import Page, Partner
from knowledgebase.models import Document
from members.models import BIN, Charter
from tests.factories import (
    CourseFactory,
    UserFactory,
    course_session,
    image_bytes,
    office_bytes,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"
SANDBOX = "default-src 'none'; sandbox"


def gif_html():
    """A valid GIF whose comment is a web page that loads a script."""
    buffer = io.BytesIO()
    Image.new("P", (2, 2)).save(buffer, "GIF", comment=b"<html>" + SCRIPT + b"</html>")
    return buffer.getvalue()


def png_js():
    """A valid PNG with script in a text chunk and after its end."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + b"\n" + SCRIPT


def jpeg_with_metadata():
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    return image_bytes("JPEG", exif=exif.tobytes())


PDF_HTML = b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>\n%%EOF\n"
GIF_HEADER_HTML = b"GIF89a<html>" + SCRIPT + b"</html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>"
HTML = b"<!doctype html><html>" + SCRIPT + b"</html>"

# (uploaded name, content, stored extension or None when refused), per kind of field.
IMAGE_CASES = [
    ("x.html", gif_html, "gif"),
    ("x.js", png_js, "png"),
    ("photo.jpeg", jpeg_with_metadata, "jpg"),
    ("x.gif", lambda: GIF_HEADER_HTML, None),
    ("x.pdf", lambda: PDF_HTML, None),
    ("logo.svg", lambda: SVG, None),
    ("logo.png", lambda: SVG, None),
]
DOCUMENT_CASES = [
    ("x.html", lambda: PDF_HTML, "pdf"),
    ("x.svg", lambda: PDF_HTML, "pdf"),
    ("x.html", gif_html, "gif"),
    ("x.js", png_js, "png"),
    ("verslag.html", lambda: office_bytes("docx"), "docx"),
    ("verslag.svg", lambda: office_bytes("odt"), "odt"),
    ("x.svg", lambda: SVG, None),
    ("x.pdf", lambda: HTML, None),
    ("x.docx", lambda: b"PK\x03\x04" + HTML, None),
]
PDF_CASES = [
    ("charter.html", lambda: PDF_HTML, "pdf"),
    ("charter.svg", lambda: PDF_HTML, "pdf"),
    ("charter.pdf", gif_html, None),
    ("charter.pdf", lambda: SVG, None),
    ("charter.pdf", lambda: HTML, None),
]
CASES = {"image": IMAGE_CASES, "document": DOCUMENT_CASES, "pdf": PDF_CASES}

UPLOAD_FIELDS = [
    field
    for model in apps.get_models()
    for field in model._meta.fields
    if isinstance(field, FileField)
]


def generated(name, extension):
    return re.fullmatch(rf"[0-9a-f]{{32}}\.{extension}", posixpath.basename(name)) is not None


def stored_bytes(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def assert_harmless(field_file, extension):
    assert generated(field_file.name, extension), field_file.name
    content = stored_bytes(field_file)
    if extension in {"gif", "png", "jpg"}:
        # Re-encoded: the script, the comment and the metadata are gone.
        assert b"<script" not in content and b"alert" not in content


def test_every_file_field_of_the_site_checks_its_uploads():
    names = {f"{field.model._meta.label}.{field.name}" for field in UPLOAD_FIELDS}
    assert {
        "kenniscentrum.Page.cover",
        "kenniscentrum.Partner.logo",
        "members.BIN.logo",
        "members.Charter.pdf",
        "knowledgebase.Document.file",
        "knowledgebase.Article.cover_image",
        "training.Material.file",
    } <= names
    unchecked = [field for field in UPLOAD_FIELDS if not isinstance(field, UploadField)]
    assert unchecked == []


@pytest.mark.parametrize(
    "field,case",
    [
        pytest.param(field, case, id=f"{field.model.__name__}.{field.name}-{case[0]}-{index}")
        for field in UPLOAD_FIELDS
        for index, case in enumerate(CASES[getattr(field, "kind", "document")])
    ],
)
def test_a_polyglot_is_stored_as_its_real_type_or_refused(field, case):
    uploaded_name, content, extension = case
    instance = field.model()
    # As a form assigns it: validation (a clear message), then saving (the stored file).
    setattr(instance, field.attname, SimpleUploadedFile(uploaded_name, content()))
    field_file = getattr(instance, field.attname)
    if extension is None:
        with pytest.raises(ValidationError):
            field.clean(field_file, instance)
        with pytest.raises(ValidationError):
            field_file.save(uploaded_name, ContentFile(content()), save=False)
        return
    field.clean(field_file, instance)
    field_file.save(uploaded_name, field_file.file, save=False)
    assert_harmless(field_file, extension)


def test_an_image_is_re_encoded_without_its_metadata(settings):
    partner = Partner(name="P")
    partner.logo.save("foto.jpeg", ContentFile(jpeg_with_metadata()), save=False)
    with Image.open(partner.logo.path) as image:
        assert image.format == "JPEG" and image.size == (2, 2)
        assert not image.getexif()


def test_an_image_with_too_many_pixels_is_refused():
    big = Image.new("1", (MAX_IMAGE_PIXELS // 1000 + 1, 1000))
    buffer = io.BytesIO()
    big.save(buffer, "PNG")
    with pytest.raises(ValidationError, match="te veel pixels"):
        Partner(name="P").logo.save("groot.png", ContentFile(buffer.getvalue()), save=False)


# --- Through the forms people use ----------------------------------------------------------

BASE = "/nl/mijn/bin/bin-gent-sint-pieters"


def test_coordinators_polyglot_logo_becomes_a_plain_gif_served_sandboxed(client, coordinator_a):
    client.force_login(coordinator_a)
    logo = SimpleUploadedFile("x.html", gif_html(), content_type="text/html")
    response = client.post(f"{BASE}/profiel/", {"description": "Welkom", "logo": logo})
    assert response.status_code == 302
    bin_ = BIN.objects.get(slug="bin-gent-sint-pieters")
    assert_harmless(bin_.logo, "gif")
    response = client.get(bin_.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert b"<script" not in b"".join(response.streaming_content)


@pytest.mark.parametrize("name,content", [("logo.svg", SVG), ("x.gif", GIF_HEADER_HTML)])
def test_coordinator_cannot_upload_an_svg_or_fake_image_as_logo(
    client, coordinator_a, name, content
):
    client.force_login(coordinator_a)
    logo = SimpleUploadedFile(name, content, content_type="image/svg+xml")
    response = client.post(f"{BASE}/profiel/", {"description": "Welkom", "logo": logo})
    assert response.status_code == 200
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    assert not BIN.objects.get(slug="bin-gent-sint-pieters").logo


def charter_data(pdf):
    return {
        "signed_on": "2024-05-02",
        "signed_by_coordinator": "Ann Coördinator",
        "signed_by_mayor": "Burgemeester",
        "signed_by_police_chief": "Korpschef",
        "pdf": pdf,
    }


def test_charter_named_html_is_stored_and_served_as_a_pdf(client, coordinator_a):
    client.force_login(coordinator_a)
    client.post(f"{BASE}/charter/", charter_data(pdf_upload("charter.html", PDF_HTML)))
    charter = Charter.objects.get()
    assert generated(charter.pdf.name, "pdf")
    response = client.get(f"{BASE}/charter/{charter.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_charter_form_refuses_a_gif_html_polyglot(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(f"{BASE}/charter/", charter_data(pdf_upload("charter.pdf", gif_html())))
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    assert not Charter.objects.exists()


def good_practice(bin_, **extra):
    return {
        "bin": bin_.pk,
        "language": "nl",
        "title": "Koffie met de wijkagent",
        "summary": "Elke maand een babbel.",
        "problem": "Bewoners kenden hun wijkagent niet.",
        "approach": "Een vaste koffieochtend.",
        "result": "Meer meldingen.",
        "effort": "Twee uur per maand.",
        **extra,
    }


@pytest.mark.parametrize(
    "name,content,extension",
    [("bijlage.svg", PDF_HTML, "pdf"), ("bijlage.html", gif_html(), "gif")],
)
def test_good_practice_attachment_is_stored_as_its_real_type(
    client, coordinator_a, bin_a, name, content, extension
):
    client.force_login(coordinator_a)
    upload = SimpleUploadedFile(name, content)
    response = client.post("/nl/kennisbank/insturen/", good_practice(bin_a, file=upload))
    assert response.status_code == 302
    document = Document.objects.get()
    assert_harmless(document.file, extension)
    assert document.file_type == extension


def test_good_practice_refuses_an_svg_attachment(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    upload = SimpleUploadedFile("schets.svg", SVG, content_type="image/svg+xml")
    response = client.post("/nl/kennisbank/insturen/", good_practice(bin_a, file=upload))
    assert response.status_code == 200
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    assert not Document.objects.exists()


def test_admin_partner_logo_polyglot_is_re_encoded_and_svg_refused(client, editor):
    client.force_login(editor)
    data = {
        "name": "Gemeente Voorbeeld",
        "url": "https://example.org",
        "kind": "government",
        "order": "1",
        "active": "on",
        "logo_alt": "Logo",
    }
    logo = SimpleUploadedFile("logo.js", png_js())
    response = client.post("/admin/kenniscentrum/partner/add/", {**data, "logo": logo})
    assert response.status_code == 302
    assert_harmless(Partner.objects.get().logo, "png")
    svg = SimpleUploadedFile("logo.svg", SVG)
    response = client.post("/admin/kenniscentrum/partner/add/", {**data, "logo": svg})
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    assert Partner.objects.count() == 1


def test_admin_page_cover_polyglot_is_re_encoded(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/kenniscentrum/page/add/",
        {
            "key": "",
            "slug": "vrijwilligers",
            "menu": "about",
            "order": "40",
            "published": "on",
            "title_nl": "Vrijwilligers",
            "title_fr": "Bénévoles",
            "body_nl": "<p>Tekst.</p>",
            "body_fr": "<p>Texte.</p>",
            "cover": SimpleUploadedFile("cover.html", gif_html()),
            "cover_alt": "Omslag",
        },
    )
    assert response.status_code == 302
    assert_harmless(Page.objects.get(slug="vrijwilligers").cover, "gif")


def test_admin_document_named_html_is_stored_and_served_as_a_pdf(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("pagina.html", PDF_HTML)
    response = client.post(
        "/admin/knowledgebase/document/add/",
        {"title": "Plan", "language": "nl", "audience": "public", "file": upload},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert generated(document.file.name, "pdf")
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Headers of every served file -----------------------------------------------------------


@pytest.mark.parametrize(
    "content,content_type,disposition",
    [
        (PDF_HTML, "application/pdf", "inline"),
        (gif_html(), "image/gif", "attachment"),
        (
            office_bytes("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
    ],
)
def test_private_files_are_served_with_their_type_sandboxed(
    client, content, content_type, disposition
):
    document = Document(title="Verslag 2026", audience="public")
    document.file.save("verslag.html", ContentFile(content), save=True)
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(disposition)
    assert "verslag-2026." in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_public_media_is_served_sandboxed(client, settings, tmp_path):
    partner = Partner(name="P", logo_alt="Logo")
    partner.logo.save("logo.png", ContentFile(image_bytes()), save=True)
    response = client.get(partner.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_uploads_stored_by_earlier_versions_are_checked_again(settings, bin_a, bin_b):
    folder = Path(settings.MEDIA_ROOT) / "bins" / "logos"
    folder.mkdir(parents=True)
    (folder / "x.html").write_bytes(gif_html())
    (folder / "page.html").write_bytes(HTML)
    BIN.objects.filter(pk=bin_a.pk).update(logo="bins/logos/x.html")
    BIN.objects.filter(pk=bin_b.pk).update(logo="bins/logos/page.html")

    out = io.StringIO()
    call_command("secure_uploads", stdout=out)

    bin_a.refresh_from_db()
    assert_harmless(bin_a.logo, "gif")
    bin_b.refresh_from_db()
    assert not bin_b.logo
    assert sorted(path.name for path in folder.iterdir()) == [posixpath.basename(bin_a.logo.name)]
    assert "members.BIN.logo: 1 checked and renamed" in out.getvalue()
    assert "page.html failed the check and was removed" in out.getvalue()
    # A second run finds nothing left to do.
    out = io.StringIO()
    call_command("secure_uploads", stdout=out)
    assert "members.BIN.logo: 0 checked and renamed" in out.getvalue()


def test_generated_certificate_pdf_is_served_sandboxed(client, django_capture_on_commit_callbacks):
    owner = UserFactory(full_name="Eigenaar")
    registration, _ = services.register(
        course_session(CourseFactory()).event, user=owner, notify=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(registration, True)
    client.force_login(owner)
    response = client.get(registration.certificate.get_pdf_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
