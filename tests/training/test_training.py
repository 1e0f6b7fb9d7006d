"""Courses, materials, "notify me", certificates of attendance and their verification."""

import re
import zlib

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from events import services
from events.models import Event
from tests.factories import CourseFactory, EventFactory, UserFactory, course_session
from tests.personas import PERSONAS
from training.models import Certificate, Course, CourseInterest, Material

pytestmark = pytest.mark.django_db


def pdf_text(content):
    """The text drawn in a PDF made by fpdf2 (its page streams are zlib-compressed)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(chunks)


def attended(session, user, django_capture_on_commit_callbacks):
    registration, _ = services.register(session.event, user=user, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(registration, True)
    return registration


def test_course_list_filters_by_target_group_and_names_it(client):
    CourseFactory(title_nl="Politie en BIN", target_group=Course.TargetGroup.POLICE)
    CourseFactory(title_nl="Inbraakpreventie", target_group=Course.TargetGroup.CITIZENS)
    url = reverse("training:course_list")
    response = client.get(url, {"target_group": "police"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Politie en BIN" in html and "Inbraakpreventie" not in html
    assert "Politie ·" in html  # the course's target group, by its label
    assert "Inbraakpreventie" in client.get(url).content.decode()


def test_course_page_lists_modules_materials_and_upcoming_sessions(client):
    course = CourseFactory(title_nl="Basisopleiding")
    course.modules.create(order=1, title_nl="Wat is een BIN?")
    session = course_session(course, title_nl="Sessie Gent")
    EventFactory(title_nl="Andere activiteit")
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Basisopleiding" in page and "Wat is een BIN?" in page
    assert "Sessie Gent" in page and "Andere activiteit" not in page
    assert session.event.get_absolute_url() in page


def test_attendance_issues_a_certificate_in_the_persons_language_by_email(
    django_capture_on_commit_callbacks,
):
    session = course_session(CourseFactory(title_nl="Basisopleiding", title_fr="Formation de base"))
    user = UserFactory(full_name="Claire Coordinatrice", preferred_language="fr")
    registration = attended(session, user, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(registration=registration)
    assert certificate.course_title == "Formation de base"
    assert certificate.participant_name == "Claire Coordinatrice"
    (message,) = mail.outbox
    assert message.to == [user.email] and "attestation" in message.subject.lower()
    (pdf,) = [a for a in message.attachments if a[0].endswith(".pdf")]
    assert pdf[1].startswith(b"%PDF")
    text = pdf_text(pdf[1])
    assert "Attestation de participation" in text and certificate.code in text
    assert "Hilde Lesgever" in text
    # Marking again (a correction) makes no second certificate or e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(registration, True)
    assert Certificate.objects.count() == 1 and len(mail.outbox) == 1


def test_no_show_and_non_course_events_get_no_certificate(django_capture_on_commit_callbacks):
    session = course_session(CourseFactory())
    registration, _ = services.register(session.event, user=UserFactory(), notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(registration, False)
    other = EventFactory()
    attended_other = services.register(other, user=UserFactory(), notify=False)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(attended_other, True)
    assert not Certificate.objects.exists()


def test_verification_shows_only_name_course_and_date(client, django_capture_on_commit_callbacks):
    session = course_session(CourseFactory(title_nl="Basisopleiding"))
    user = UserFactory(full_name="Ann Deelnemer", email="ann@example.org")
    certificate = attended(session, user, django_capture_on_commit_callbacks).certificate
    page = client.get(f"/nl/certificaat/{certificate.code}/").content.decode()
    assert "Dit getuigschrift is echt" in page
    assert "Ann Deelnemer" in page and "Basisopleiding" in page
    assert "ann@example.org" not in page and "Hilde Lesgever" not in page
    assert client.get("/nl/certificaat/AAAA-BBBB-CCCC/").status_code == 404
    assert client.get(f"/fr/certificat/{certificate.code}/").status_code == 200


def test_certificate_stays_verifiable_after_anonymisation(
    client, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    session = course_session(CourseFactory())
    certificate = attended(
        session, UserFactory(full_name="Piet Proef"), django_capture_on_commit_callbacks
    ).certificate
    call_command(
        "anonymise_past_registrations", "--days", "-365", stdout=__import__("io").StringIO()
    )
    assert session.event.registrations.get().email == ""
    assert "Piet Proef" in client.get(certificate.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", [*PERSONAS, "owner"])
def test_certificate_pdf_only_for_its_owner_and_staff(
    client, login_as, persona, django_capture_on_commit_callbacks
):
    owner = UserFactory(full_name="Eigenaar")
    certificate = attended(
        course_session(CourseFactory()), owner, django_capture_on_commit_callbacks
    ).certificate
    if persona == "owner":
        client.force_login(owner)
    else:
        login_as(persona)
    response = client.get(certificate.get_pdf_url())
    allowed = persona in {"owner", "editor", "board_member", "superuser"}
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("persona", PERSONAS)
def test_members_material_follows_the_audience_rule(client, login_as, persona, settings):
    course = CourseFactory()
    material = Material(course=course, title="Draaiboek", audience="members")
    material.file.save("draaiboek.pdf", ContentFile(b"%PDF-1.4 draaiboek"), save=True)
    public = Material(course=course, title="Folder", audience="public")
    public.file.save("folder.pdf", ContentFile(b"%PDF-1.4 folder"), save=True)
    # Never under the public /media/ folder.
    assert material.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    login_as(persona)
    assert client.get(public.get_absolute_url()).status_code == 200
    response = client.get(material.get_absolute_url())
    if persona == "anonymous":
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    elif persona in ("citizen", "staff_without_mfa"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 draaiboek"


def test_notify_me_then_publishing_a_session_emails_once(
    client, citizen, django_capture_on_commit_callbacks
):
    course = CourseFactory(title_nl="Basisopleiding")
    client.force_login(citizen)
    client.post(reverse("training:interest", args=[course.slug]))
    assert CourseInterest.objects.filter(course=course, email=citizen.email).exists()
    with django_capture_on_commit_callbacks(execute=True):
        session = course_session(course, status="draft")
    assert mail.outbox == []  # a draft is not news
    with django_capture_on_commit_callbacks(execute=True):
        session.event.status = Event.Status.PUBLISHED
        session.event.save()
    with django_capture_on_commit_callbacks(execute=True):
        session.event.save()  # saving again sends nothing new
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert "Nieuwe sessie" in mail.outbox[0].subject


def test_visitor_confirms_interest_by_email(client, django_capture_on_commit_callbacks):
    course = CourseFactory()
    client.post(reverse("training:interest", args=[course.slug]), {"email": "Vera@Example.org"})
    assert not CourseInterest.objects.exists()  # only after the confirmation
    link = next(w for w in mail.outbox[0].body.split() if "/opleidingen/interesse/" in w)
    path = link.replace("http://127.0.0.1:8000", "")
    assert client.get(path).status_code == 200  # a page with a button
    assert not CourseInterest.objects.exists()
    client.post(path)
    assert CourseInterest.objects.get().email == "vera@example.org"
