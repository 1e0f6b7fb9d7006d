"""Links in e-mails change nothing on GET: a mail scanner or link preview that opens them must
not confirm, cancel, unsubscribe or accept for the person. Each opens a page with a button, and
only the POST of that button (with its CSRF token) acts. Also: registering an address that is
registered already gets the answer a new address gets; the address's owner gets an e-mail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import links
from events.models import Registration
from kenniscentrum.lib.signing import make_token
from kenniscentrum.newsletter import mailing as newsletter
from kenniscentrum.newsletter.models import NewsletterSubscriber
from members.models import BINInvitation, BINRole
from members.views import INVITATION
from tests.factories import CourseFactory, EventFactory, NewsletterSubscriberFactory
from training import services as training_services
from training.models import CourseInterest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# Each case: (path of the link, a function telling whether the action happened, who opens it).


def event_confirm(request):
    registration = Registration.objects.create(
        event=EventFactory(), name="Vera", email="vera@example.org", status="pending"
    )
    path = path_of(links.confirm_url(registration))
    return path, lambda: Registration.objects.get(pk=registration.pk).status == "confirmed", None


def event_cancel(request):
    registration = Registration.objects.create(
        event=EventFactory(),
        name="Vera",
        email="vera@example.org",
        status="confirmed",
        confirmed_at=timezone.now(),
        queue_number=1,
    )
    path = path_of(links.cancel_url(registration))
    return path, lambda: Registration.objects.get(pk=registration.pk).status == "cancelled", None


def newsletter_confirm(request):
    subscriber = newsletter.request_subscription("lezer@example.org", "nl", ["news"], "nl")
    link = next(w for w in mail.outbox[-1].body.split() if "/nieuwsbrief/bevestigen/" in w)
    return (
        path_of(link),
        lambda: NewsletterSubscriber.objects.get(pk=subscriber.pk).status == "confirmed",
        None,
    )


def newsletter_unsubscribe(request):
    subscriber = NewsletterSubscriberFactory()
    path = reverse("newsletter_unsubscribe", args=[newsletter.unsubscribe_token(subscriber)])
    return (
        path,
        lambda: NewsletterSubscriber.objects.get(pk=subscriber.pk).status == "unsubscribed",
        None,
    )


def invitation_accept(request):
    coordinator = request.getfixturevalue("coordinator_a")
    invitee = request.getfixturevalue("citizen")
    bin_ = coordinator.bin_roles.get().bin
    invitation = BINInvitation.objects.create(bin=bin_, email=invitee.email, invited_by=coordinator)
    path = reverse(
        "members:accept_invitation", args=[make_token(INVITATION, {"id": invitation.pk})]
    )
    return path, lambda: BINRole.objects.filter(user=invitee, bin=bin_).exists(), invitee


def interest_confirm(request):
    course = CourseFactory()
    url = training_services.interest_url(
        "training:interest_confirm", course, "vera@example.org", "nl"
    )
    return path_of(url), lambda: CourseInterest.objects.filter(course=course).exists(), None


def interest_unsubscribe(request):
    course = CourseFactory()
    CourseInterest.objects.create(course=course, email="vera@example.org", language="nl")
    url = training_services.interest_url(
        "training:interest_unsubscribe", course, "vera@example.org", "nl"
    )
    return path_of(url), lambda: not CourseInterest.objects.filter(course=course).exists(), None


def account_email_confirm(request):
    Client().post(
        "/nl/account/signup/",
        {
            "full_name": "Nieuw Lid",
            "email": "nieuw@example.org",
            "preferred_language": "nl",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )
    link = next(w for w in mail.outbox[-1].body.split() if "/confirm-email/" in w)
    from allauth.account.models import EmailAddress

    return (
        path_of(link),
        lambda: EmailAddress.objects.filter(email="nieuw@example.org", verified=True).exists(),
        None,
    )


LINKS = [
    event_confirm,
    event_cancel,
    newsletter_confirm,
    newsletter_unsubscribe,
    invitation_accept,
    interest_confirm,
    interest_unsubscribe,
    account_email_confirm,
]


def browser(user):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("link", LINKS, ids=lambda f: f.__name__)
def test_opening_the_link_changes_nothing_and_the_button_does(request, link):
    path, happened, user = link(request)
    client = browser(user)
    response = client.get(path)
    assert response.status_code == 200
    assert not happened()
    assert client.head(path).status_code in (200, 405)
    assert not happened()
    html = response.content.decode()
    assert '<form method="post"' in html
    token = client.cookies["csrftoken"].value
    assert client.post(path, {"csrfmiddlewaretoken": token}).status_code in (200, 302)
    assert happened()


@pytest.mark.parametrize("link", LINKS, ids=lambda f: f.__name__)
def test_a_post_from_another_site_changes_nothing(request, link):
    path, happened, user = link(request)
    response = browser(user).post(path)  # no CSRF token: a form on someone else's site
    assert response.status_code == 403
    assert not happened()


def test_mail_clients_one_click_unsubscribe_needs_no_csrf_token(client):
    path, happened, _user = newsletter_unsubscribe(None)
    response = browser(None).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert happened()


def test_one_click_exemption_is_only_for_that_exact_body(client):
    path, happened, _user = newsletter_unsubscribe(None)
    response = browser(None).post(path, {"List-Unsubscribe": "One-Click", "extra": "1"})
    assert response.status_code == 403
    assert not happened()


# --- no enumeration -----------------------------------------------------------------------------


def flash_messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_event_registration_answers_the_same_for_a_registered_address(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=None)
    Registration.objects.create(
        event=event,
        name="Al Ingeschreven",
        email="al@example.org",
        status="confirmed",
        confirmed_at=timezone.now(),
        queue_number=1,
    )
    url = reverse("events:register", args=[event.slug])
    answers = []
    for email in ("nieuw@example.org", "al@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"name": "Xander Anders", "email": email}, follow=True)
        answers.append((response.status_code, flash_messages(response)))
    assert answers[0] == answers[1]
    assert "Bijna klaar" in answers[1][1][0]
    owner_mail = [m for m in mail.outbox if m.to == ["al@example.org"]]
    assert len(owner_mail) == 1
    assert "U bent al ingeschreven" in owner_mail[0].subject
    assert "Xander Anders" not in owner_mail[0].body  # the new visitor's text does not reach them
    assert event.registrations.count() == 2  # the new address, and the one already there


def test_closed_registration_answers_the_same_for_a_registered_address(client):
    event = EventFactory(capacity=None)
    Registration.objects.create(
        event=event,
        email="al@example.org",
        status="confirmed",
        confirmed_at=timezone.now(),
        queue_number=1,
    )
    event.registration_closes_at = timezone.now()
    event.save()
    url = reverse("events:register", args=[event.slug])
    answers = [
        flash_messages(client.post(url, {"name": "Xander Anders", "email": email}, follow=True))
        for email in ("nieuw@example.org", "al@example.org")
    ]
    assert answers[0] == answers[1] == ["De inschrijving is afgesloten."]


def signup(client, email):
    return client.post(
        "/nl/account/signup/",
        {
            "full_name": "Xander Anders",
            "email": email,
            "preferred_language": "nl",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )


def test_signup_answers_the_same_for_an_existing_account(client, citizen):
    new = signup(Client(), "nieuw@example.org")
    existing = signup(Client(), citizen.email)
    assert (new.status_code, new["Location"]) == (existing.status_code, existing["Location"])
    to_citizen = [m for m in mail.outbox if m.to == [citizen.email]]
    assert len(to_citizen) == 1
    assert "Xander Anders" not in to_citizen[0].body


def test_newsletter_answers_the_same_for_a_subscribed_address(client):
    NewsletterSubscriberFactory(email="al@example.org")
    data = {"language": "nl", "topics": ["news"], "consent": "on"}
    new = client.post("/nl/nieuwsbrief/", {**data, "email": "nieuw@example.org"})
    existing = client.post("/nl/nieuwsbrief/", {**data, "email": "al@example.org"})
    assert (new.status_code, new["Location"]) == (existing.status_code, existing["Location"])
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"], ["al@example.org"]]


def test_course_interest_answers_the_same_for_an_address_already_interested(client):
    course = CourseFactory()
    CourseInterest.objects.create(course=course, email="al@example.org", language="nl")
    url = reverse("training:interest", args=[course.slug])
    answers = [
        flash_messages(client.post(url, {"email": email}, follow=True))
        for email in ("nieuw@example.org", "al@example.org")
    ]
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"], ["al@example.org"]]
