"""Private files (charters, members-only and staff-only documents, training materials) are
unreachable by any spelling of a /media/ URL; only the views that check permission serve them."""

import io
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.management import call_command

from knowledgebase.demo import tiny_pdf
from members.models import Charter
from tests.factories import CharterFactory, CourseFactory, DocumentFactory
from tests.personas import PERSONAS
from training.models import Material

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4\n% vertrouwelijk charter\n"


def path_variants(name, settings):
    """Every spelling of a /media/ URL that might reach the private file stored as `name`."""
    private_folder = Path(settings.PRIVATE_MEDIA_ROOT).name
    return [
        f"/media/{name}",
        f"/media//{name}",
        f"/media/private/{name}",
        f"/media//private/{name}",
        f"/media/./private/{name}",
        f"/media/%2Fprivate/{name}",
        f"/media/%2fprivate%2f{name.replace('/', '%2F')}",
        f"/media/PRIVATE/{name}",
        f"/media/Private/{name}",
        f"/media/../{private_folder}/{name}",
        f"/media/%2e%2e/{private_folder}/{name}",
        f"/media/..%2F{private_folder}/{name}",
        f"/media/%2E%2E%2F{private_folder}%2F{name}",
        f"/media/....//{private_folder}/{name}",
        f"/media/{private_folder}/{name}",
        f"/media/{settings.PRIVATE_MEDIA_ROOT}/{name}",
        f"/media//{str(settings.PRIVATE_MEDIA_ROOT).lstrip('/')}/{name}",
        f"/media/{name}%00",
        f"/{private_folder}/{name}",
    ]


@pytest.fixture
def private_files(bin_a):
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    members = DocumentFactory(audience="members", file=ContentFile(SECRET, name="x.pdf"))
    staff = DocumentFactory(audience="staff", file=ContentFile(SECRET, name="x.pdf"))
    material = Material(course=CourseFactory(), title="Draaiboek", audience="members")
    material.file.save("draaiboek.pdf", ContentFile(SECRET), save=True)
    return [charter.pdf, members.file, staff.file, material.file]


@pytest.mark.parametrize("persona", ["anonymous", "superuser"])
def test_no_media_url_spelling_reaches_a_private_file(
    client, login_as, settings, private_files, persona
):
    login_as(persona)
    for field_file in private_files:
        assert Path(field_file.path).read_bytes() == SECRET
        for url in path_variants(field_file.name, settings):
            response = client.get(url)
            assert response.status_code in {400, 404}, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"vertrouwelijk" not in body, url


def test_private_files_are_stored_outside_the_public_media_folder(settings, private_files):
    media = Path(settings.MEDIA_ROOT).resolve()
    for field_file in private_files:
        path = Path(field_file.path).resolve()
        assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
        assert media not in path.parents
    with pytest.raises(ValueError):
        private_files[0].url  # noqa: B018 - a private file has no URL


@pytest.mark.parametrize(
    "url",
    [
        "/nl/kennisbank/documenten/bestand/%00",
        "/nl/kennisbank/documenten/bestand/kennisbank%00.pdf",
        "/nl/kennisbank/documenten/bestand/../../../etc/passwd",
        "/nl/kennisbank/documenten/bestand/%2e%2e/%2e%2e/etc/passwd",
        "/nl/kennisbank/documenten/bestand/..%2F..%2Fsettings.py",
        "/nl/kennisbank/documenten/bestand//etc/passwd",
        "/media/%00",
        "/media/" + "a" * 5000,
        "/media/" + "a/" * 2000,
        "/media/../kenniscentrum/settings.py",
    ],
)
def test_path_tricks_on_file_urls_give_404_never_500(client, superuser, url):
    client.force_login(superuser)
    assert client.get(url).status_code in {400, 404}


def readable(persona, audience):
    staff = {"editor", "board_member", "superuser"}
    managers = {"coordinator_a", "coordinator_b", "police_officer"}
    return {
        "charter": persona in {"coordinator_a", "police_officer", "board_member", "superuser"},
        "members": persona in staff | managers,
        "staff": persona in staff,
    }[audience]


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_views_serve_private_files_to_the_right_people_only(
    client, login_as, bin_a, coordinator_a, coordinator_b, police_officer, persona
):
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    members = DocumentFactory(audience="members", file=ContentFile(SECRET, name="x.pdf"))
    staff = DocumentFactory(audience="staff", file=ContentFile(SECRET, name="x.pdf"))
    material = Material(course=CourseFactory(), title="Draaiboek", audience="members")
    material.file.save("draaiboek.pdf", ContentFile(SECRET), save=True)
    urls = {
        "charter": f"/nl/mijn/bin/{bin_a.slug}/charter/{charter.pk}/pdf/",
        "members": members.get_absolute_url(),
        "staff": staff.get_absolute_url(),
        "material": material.get_absolute_url(),
    }
    login_as(persona)
    for what, url in urls.items():
        response = client.get(url)
        if readable(persona, "members" if what == "material" else what):
            assert response.status_code == 200, (what, persona)
            assert b"".join(response.streaming_content) == SECRET
            assert response["Cache-Control"] == "private, no-store"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        elif persona == "anonymous" and what != "staff":
            assert response.status_code == 302 and "/account/login/" in response["Location"]
        else:
            assert response.status_code == 404, (what, persona)


def test_files_kept_under_media_private_by_earlier_versions_are_moved_out(
    client, settings, bin_a, coordinator_a
):
    charter = CharterFactory(bin=bin_a)
    # As an earlier version stored it: under MEDIA_ROOT/private, with the uploaded name.
    legacy = Path(settings.MEDIA_ROOT) / "private" / "charters" / "charter.pdf"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(tiny_pdf("Oud charter"))
    Charter.objects.filter(pk=charter.pk).update(pdf="charters/charter.pdf")
    assert [w.id for w in run_checks() if w.id.startswith("kenniscentrum.")] == [
        "kenniscentrum.W001"
    ]

    out = io.StringIO()
    call_command("secure_uploads", stdout=out)

    assert "Private files moved out of MEDIA_ROOT: 1" in out.getvalue()
    assert not legacy.exists()
    charter.refresh_from_db()
    assert charter.pdf.name.startswith("charters/") and charter.pdf.name.endswith(".pdf")
    assert charter.pdf.name != "charters/charter.pdf"
    assert Path(charter.pdf.path).read_bytes() == tiny_pdf("Oud charter")
    client.force_login(coordinator_a)
    response = client.get(f"/nl/mijn/bin/{bin_a.slug}/charter/{charter.pk}/pdf/")
    assert b"".join(response.streaming_content) == tiny_pdf("Oud charter")
    assert not [w for w in run_checks() if w.id.startswith("kenniscentrum.")]


def test_a_private_root_inside_the_public_media_folder_is_refused(settings):
    settings.PRIVATE_MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / "private")
    assert "kenniscentrum.E001" in [error.id for error in run_checks()]


def test_admin_pages_with_private_files_open(client, superuser, private_files):
    charter, members, _staff, material = (field_file.instance for field_file in private_files)
    client.force_login(superuser)
    for url in [
        f"/admin/members/charter/{charter.pk}/change/",
        f"/admin/members/bin/{charter.bin.pk}/change/",
        f"/admin/knowledgebase/document/{members.pk}/change/",
        f"/admin/training/course/{material.course.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url


def test_secure_uploads_keeps_a_file_that_several_rows_share(settings, bin_a, bin_b):
    shared = Path(settings.PRIVATE_MEDIA_ROOT) / "charters" / "gedeeld.pdf"
    shared.parent.mkdir(parents=True)
    shared.write_bytes(tiny_pdf("Gedeeld"))
    charters = [CharterFactory(bin=bin_a), CharterFactory(bin=bin_b)]
    Charter.objects.filter(pk__in=[c.pk for c in charters]).update(pdf="charters/gedeeld.pdf")

    call_command("secure_uploads", stdout=io.StringIO())

    names = set()
    for charter in charters:
        charter.refresh_from_db()
        assert Path(charter.pdf.path).read_bytes() == tiny_pdf("Gedeeld")
        names.add(charter.pdf.name)
    assert len(names) == 2 and not shared.exists()
