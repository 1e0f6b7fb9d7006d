"""Every e-mail is enqueued in the same transaction as the change that causes it. For each origin
of the site's mails: inside the change's transaction the outbox row already exists; when that
transaction is rolled back no row remains; and when the outbox cannot take the mail, the change
does not happen either. Then the guard that keeps it so."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from events import services
from events.models import Registration
from kenniscentrum.lib.mail import send_email
from kenniscentrum.outbox.models import OutboxMessage
from kenniscentrum.site.personal_data import delete_account
from knowledgebase.demo import tiny_pdf
from knowledgebase.models import Article
from members.models import MembershipApplication
from tests.factories import CourseFactory, EventFactory, UserFactory, course_session
from training.models import Certificate, CourseInterest

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    """Raised at the end of a change's transaction to undo it."""


class OutboxDown(Exception):
    pass


class BrokenOutbox(BaseEmailBackend):
    """An outbox that cannot store a message."""

    def send_messages(self, email_messages):
        raise OutboxDown


def outbox_recipients():
    return sorted(OutboxMessage.objects.values_list("recipients", flat=True))


def assert_enqueued_with_the_change(settings, change, recipients, unchanged):
    """`change` stores mails to `recipients` in its own transaction: they are in the outbox
    before the transaction ends, gone when it is rolled back, and when they cannot be stored the
    change is undone with them (`unchanged()` holds)."""
    with pytest.raises(RolledBack):
        with transaction.atomic():
            change()
            assert outbox_recipients() == sorted(recipients)
            raise RolledBack
    assert not OutboxMessage.objects.exists()
    assert unchanged()

    settings.EMAIL_BACKEND = f"{__name__}.BrokenOutbox"
    with pytest.raises(OutboxDown):
        change()
    assert unchanged()


def registrants(event, count):
    return [services.register(event, user=UserFactory(), notify=False)[0] for _ in range(count)]


def test_registering_for_an_event(queued_mail, settings, citizen):
    event = EventFactory()
    assert_enqueued_with_the_change(
        settings,
        lambda: services.register(event, user=citizen),
        [citizen.email],
        unchanged=lambda: not event.registrations.exists(),
    )


def test_a_cancelled_registration_tells_the_person_and_the_first_on_the_waiting_list(
    queued_mail, settings
):
    event = EventFactory(capacity=1)
    seated, waiting = registrants(event, 2)
    assert waiting.status == Registration.Status.WAITLISTED
    assert_enqueued_with_the_change(
        settings,
        lambda: services.cancel(seated),
        [seated.email, waiting.email],
        unchanged=lambda: (
            list(event.registrations.order_by("pk").values_list("status", flat=True))
            == [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        ),
    )


def test_cancelling_an_event_tells_everyone_registered(queued_mail, settings):
    event = EventFactory()
    people = registrants(event, 3)
    assert_enqueued_with_the_change(
        settings,
        lambda: services.announce_change(event, cancelled=True),
        [r.email for r in people],
        unchanged=lambda: type(event).objects.get(pk=event.pk).status == event.Status.PUBLISHED,
    )


def test_a_message_to_the_participants_reaches_all_or_none(queued_mail, settings, client, editor):
    event = EventFactory()
    people = registrants(event, 2)
    client.force_login(editor)
    url = reverse("events:email_participants", args=[event.slug])

    def send():
        response = client.post(url, {"subject": "Parking", "message": "Parkeer achteraan."})
        assert response.status_code == 302

    assert_enqueued_with_the_change(
        settings, send, [r.email for r in people], unchanged=lambda: True
    )


def test_submitting_a_good_practice_tells_the_editors(
    queued_mail, settings, client, coordinator_a, bin_a, editor
):
    client.force_login(coordinator_a)
    data = {
        "bin": bin_a.pk,
        "language": "nl",
        "title": "Koffie met de wijkagent",
        "summary": "Elke maand een babbel met de wijkagent.",
        "problem": "Bewoners kenden hun wijkagent niet.",
        "approach": "Een vaste koffieochtend.",
        "result": "Meer meldingen.",
        "effort": "Twee uur per maand.",
    }

    def submit():
        upload = SimpleUploadedFile("verslag.pdf", tiny_pdf("Verslag"), "application/pdf")
        response = client.post("/nl/kennisbank/insturen/", {**data, "file": upload})
        assert response.status_code == 302

    assert_enqueued_with_the_change(
        settings, submit, [editor.email], unchanged=lambda: not Article.objects.exists()
    )


def test_an_editors_decision_tells_the_submitter(
    queued_mail, settings, client, editor, coordinator_a, bin_a
):
    article = Article.objects.create(
        kind="good_practice",
        status="review",
        language="nl",
        slug="koffie-met-de-wijkagent",
        title="Koffie met de wijkagent",
        submitted_by=coordinator_a,
        bin=bin_a,
    )
    client.force_login(editor)
    data = {"action": "publish_selected", "_selected_action": [article.pk]}

    def publish():
        assert client.post("/admin/knowledgebase/article/", data).status_code == 302

    assert_enqueued_with_the_change(
        settings,
        publish,
        [coordinator_a.email],
        unchanged=lambda: Article.objects.filter(
            pk=article.pk, status="review", submitter_notified_at=None
        ).exists(),
    )


def test_a_new_training_session_is_announced_to_the_people_interested(queued_mail, settings):
    course = CourseFactory()
    addresses = [f"geinteresseerd{n}@example.org" for n in range(3)]
    for address in addresses:
        CourseInterest.objects.create(course=course, email=address, language="nl")
    assert_enqueued_with_the_change(
        settings,
        # One transaction for the event and its session, as the admin saves them.
        transaction.atomic()(lambda: course_session(course)),
        addresses,
        unchanged=lambda: not course.sessions.exists(),
    )


def test_attendance_at_a_training_session_sends_the_certificate(queued_mail, settings, citizen):
    session = course_session(CourseFactory())
    registration, _ = services.register(session.event, user=citizen, notify=False)
    assert_enqueued_with_the_change(
        settings,
        lambda: services.mark_attendance(registration, True),
        [citizen.email],
        unchanged=lambda: (
            not Certificate.objects.exists()
            and Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
        ),
    )


def test_the_boards_decision_on_a_membership_application(
    queued_mail, settings, client, board_member, coordinator_a, bin_a
):
    application = MembershipApplication.objects.create(bin=bin_a, applicant=coordinator_a)
    client.force_login(board_member)
    data = {"action": "approve", "_selected_action": [application.pk]}

    def approve():
        assert client.post("/admin/members/membershipapplication/", data).status_code == 302

    assert_enqueued_with_the_change(
        settings,
        approve,
        [coordinator_a.email],
        unchanged=lambda: (
            MembershipApplication.objects.get(pk=application.pk).status
            == MembershipApplication.Status.PENDING
        ),
    )


def test_deleting_an_account_confirms_it_to_the_address_that_was_on_file(
    queued_mail, settings, citizen
):
    pk, email = citizen.pk, citizen.email
    assert_enqueued_with_the_change(
        settings,
        lambda: delete_account(get_user_model().objects.get(pk=pk)),
        [email],
        unchanged=lambda: get_user_model().objects.filter(pk=pk).exists(),
    )


# --- the guard: no e-mail from an on_commit callback ----------------------------------------


def mail_callback():
    send_email("contact_confirmation", ["laat@example.org"], {"contact": {}})


@pytest.fixture
def guard(_no_mail_from_on_commit):
    """The suite-wide guard's record of offending mails; emptied after each check here, since
    these tests offend on purpose."""
    yield _no_mail_from_on_commit
    _no_mail_from_on_commit.clear()


def test_the_guard_catches_a_mail_from_a_captured_on_commit_callback(
    guard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            transaction.on_commit(mail_callback)
        assert guard == []  # not yet: the callback runs when the helper's block ends
    assert len(guard) == 1 and "laat@example.org" in guard[0]


@pytest.mark.django_db(transaction=True)
def test_the_guard_catches_a_mail_from_on_commit_at_a_commit_or_outside_a_transaction(guard):
    with transaction.atomic():
        transaction.on_commit(mail_callback)
        mail_callback()  # inside the transaction: allowed
        assert guard == []
    assert len(guard) == 1
    transaction.on_commit(mail_callback)  # autocommit, as in a view: runs at once
    assert len(guard) == 2 and all("laat@example.org" in offence for offence in guard)
    assert len(mail.outbox) == 3


def test_the_guard_lets_a_mail_inside_the_transaction_pass(
    guard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            mail_callback()
    assert guard == []
    assert len(mail.outbox) == 1
