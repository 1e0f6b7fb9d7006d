"""Certificates of attendance and announcements of new sessions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from events import links as event_links
from kenniscentrum.lib.mail import send_email
from kenniscentrum.lib.signing import make_token
from training import pdf
from training.models import Certificate, CourseSession


def verify_url(certificate):
    with override(certificate.language):
        return event_links.absolute(certificate.get_absolute_url())


def issue_certificate(registration, *, notify=True):
    """The certificate for an attended course session: made once, e-mailed once."""
    session = (
        CourseSession.objects.select_related("course", "event")
        .filter(event_id=registration.event_id)
        .first()
    )
    if session is None or registration.status != registration.Status.ATTENDED:
        return None
    with override(registration.language):
        course_title = session.course.title
    certificate, created = Certificate.objects.get_or_create(
        registration=registration,
        defaults={
            "course": session.course,
            "participant_name": registration.display_name,
            "course_title": course_title,
            "session_date": timezone.localdate(session.event.starts_at),
            "trainer": session.trainer,
            "language": registration.language,
        },
    )
    if created and notify and registration.email:
        send_certificate(certificate, registration.email)
    return certificate


def send_certificate(certificate, email):
    url = verify_url(certificate)
    return send_email(
        "certificate_issued",
        [email],
        {"certificate": certificate, "verify_url": url},
        language=certificate.language,
        attachments=[
            (
                f"getuigschrift-{certificate.code}.pdf",
                pdf.certificate_pdf(certificate, url),
                "application/pdf",
            )
        ],
    )


def announce_session(event_id):
    """Tell the people interested in a course about a newly published, upcoming session; once."""
    with transaction.atomic():
        session = (
            CourseSession.objects.select_for_update()
            .select_related("event", "course")
            .filter(event_id=event_id, announced_at__isnull=True)
            .first()
        )
        if session is None:
            return 0
        event = session.event
        if event.status != event.Status.PUBLISHED or event.starts_at <= timezone.now():
            return 0
        session.announced_at = timezone.now()
        session.save(update_fields=["announced_at"])
        # Inside the transaction: the announcements commit with `announced_at`, so a session is
        # announced exactly once, however many people wait for it (each mail is an outbox row).
        interests = list(session.course.interests.all())
        for interest in interests:
            _send_announcement(session, interest)
    return len(interests)


def _send_announcement(session, interest):
    with override(interest.language):
        context = {
            "course": session.course,
            "event": session.event,
            "event_url": event_links.event_url(session.event, interest.language),
            "unsubscribe_url": interest_url(
                "training:interest_unsubscribe", interest.course, interest.email, interest.language
            ),
        }
    return send_email("course_new_session", [interest.email], context, language=interest.language)


INTEREST = "training.interest"
INTEREST_UNSUBSCRIBE = "training.interest-unsubscribe"


def interest_url(name, course, email, language):
    from django.urls import reverse

    purpose = INTEREST if name == "training:interest_confirm" else INTEREST_UNSUBSCRIBE
    token = make_token(purpose, {"c": course.pk, "e": email, "l": language})
    with override(language):
        return event_links.absolute(reverse(name, kwargs={"token": token}))


def send_interest_confirmation(course, email, language):
    with override(language):
        context = {
            "course": course,
            "course_title": course.title,
            "confirm_url": interest_url("training:interest_confirm", course, email, language),
        }
    return send_email("course_interest_confirm", [email], context, language=language)
