"""The site is no mail relay: a form anyone can fill in sends nothing the visitor wrote to the
address they typed (which may be anyone's), and each such address gets only a few messages,
however many machines the sender uses."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from events import links
from kenniscentrum.lib.spam import MAILBOX_LIMIT, mailbox
from tests.factories import ContactSubjectFactory, CourseFactory, EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]

TARGET = "slachtoffer@example.org"
SPAM = "WIN-A-PRIZE-http://phish.example/login"


@pytest.fixture
def places(coordinator_a):
    return {
        "subject": ContactSubjectFactory(recipient="kc@kc.example.org"),
        "bin": coordinator_a.bin_roles.get().bin,
        "event": EventFactory(capacity=None),
        "course": CourseFactory(),
    }


def contact(places):
    data = {"subject": places["subject"].pk, "name": SPAM, "message": SPAM, "consent": "on"}
    return "/nl/contact/", data


def bin_contact(places):
    url = reverse("members:bin_contact", args=[places["bin"].slug])
    return url, {"name": SPAM, "message": SPAM, "consent": "on"}


def start_request(places):
    data = {"name": SPAM, "phone": "", "postcode": "9000", "message": SPAM, "consent": "on"}
    return "/nl/bin-starten/", data


def newsletter(places):
    return "/nl/nieuwsbrief/", {"language": "nl", "topics": ["news"], "consent": "on"}


def event_registration(places):
    return reverse("events:register", args=[places["event"].slug]), {"name": SPAM}


def course_interest(places):
    return reverse("training:interest", args=[places["course"].slug]), {}


def signup(places):
    data = {
        "full_name": SPAM,
        "preferred_language": "nl",
        "password1": "een-lang-wachtwoord-42",
        "password2": "een-lang-wachtwoord-42",
    }
    return "/nl/account/signup/", data


# Each public form that e-mails the address typed into it, with how many times an hour.
PUBLIC_FORMS = {
    "contact": (contact, 5),
    "bin_contact": (bin_contact, 5),
    "start_request": (start_request, 5),
    "newsletter": (newsletter, 5),
    "event_registration": (event_registration, 10),
    "course_interest": (course_interest, 10),
}


def post(client, places, make, number=0):
    url, data = make(places)
    # Each submission from another machine: only the per-address limit can stop them.
    return client.post(url, {**data, "email": TARGET}, REMOTE_ADDR=f"198.51.100.{number}")


def to_target():
    return [m for m in mail.outbox if TARGET in m.to]


def everything_in(message):
    return " ".join(
        [message.subject, message.body, *(content for content, _type in message.alternatives)]
    )


@pytest.mark.parametrize("name", [*PUBLIC_FORMS, "signup"])
def test_confirmation_to_a_typed_address_carries_no_visitor_text(
    client, places, name, django_capture_on_commit_callbacks
):
    make = signup if name == "signup" else PUBLIC_FORMS[name][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, places, make)
    assert response.status_code == 302
    sent = to_target()
    assert sent, "the form sent its confirmation"
    for message in sent:
        assert "WIN-A-PRIZE" not in everything_in(message)
        assert "phish.example" not in everything_in(message)


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_one_address_gets_only_a_few_messages_whatever_machine_asks(
    client, places, name, django_capture_on_commit_callbacks
):
    make, limit = PUBLIC_FORMS[name]
    with django_capture_on_commit_callbacks(execute=True):
        answers = [post(client, places, make, n).status_code for n in range(limit + 3)]
    assert answers[:limit] == [302] * limit
    assert 302 not in answers[limit:]
    assert len(to_target()) == limit


def test_signup_sends_one_address_one_confirmation_in_a_while(client):
    for number in range(3):
        post(client, None, signup, number)
    assert len(to_target()) == 1


def test_invitations_are_limited_per_address(coordinator_a, coordinator_b):
    """Not a public form, but it carries the inviter's name to any address typed into it."""
    answers = []
    for number, coordinator in enumerate([coordinator_a] * 6 + [coordinator_b] * 6):
        client = as_user(coordinator, f"198.51.100.{number}")
        slug = coordinator.bin_roles.get().bin.slug
        answers.append(client.post(reverse("members:team", args=[slug]), {"email": TARGET}))
    assert [r.status_code for r in answers].count(302) == 10
    assert len(to_target()) == 10


def as_user(user, address):
    client = Client(REMOTE_ADDR=address)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_account_confirmation_says_who_asked_without_their_name(client):
    url, data = signup(None)
    client.post(url.replace("/nl/account/", "/fr/compte/"), {**data, "email": TARGET})
    [message] = to_target()
    assert "quelqu'un a indiqué cette adresse e-mail pour un compte" in message.body
    assert "WIN-A-PRIZE" not in message.body


SPELLINGS = [
    TARGET,
    '"slachtoffer"@example.org',
    '"sl\\achtoffer"@example.org',
    "Slachtoffer@Example.org",
    "slachtoffer+1@example.org",
]


def reached_mailbox():
    return [m for m in mail.outbox if any(mailbox(to) == TARGET for to in m.to)]


def test_spellings_of_one_mailbox_share_its_limit(
    client, places, django_capture_on_commit_callbacks
):
    url, data = contact(places)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(url, {**data, "email": spelling}, REMOTE_ADDR=f"198.51.100.{n}")
            for n, spelling in enumerate(SPELLINGS * 2)
        ]
    assert [r.status_code for r in answers].count(302) == 5
    assert len(reached_mailbox()) == 5


def test_one_mailbox_gets_only_a_few_messages_from_all_forms_together(
    client, places, django_capture_on_commit_callbacks
):
    number = 0
    with django_capture_on_commit_callbacks(execute=True):
        for make, _limit in PUBLIC_FORMS.values():
            for _ in range(3):
                post(client, places, make, number)
                number += 1
    assert len(to_target()) == MAILBOX_LIMIT


def test_an_invitation_carries_no_text_of_the_inviter(coordinator_a):
    coordinator_a.full_name = SPAM
    coordinator_a.save()
    client = as_user(coordinator_a, "198.51.100.1")
    slug = coordinator_a.bin_roles.get().bin.slug
    client.post(reverse("members:team", args=[slug]), {"email": TARGET})
    [message] = to_target()
    assert "WIN-A-PRIZE" not in everything_in(message)


def test_a_visitor_typed_name_never_reaches_the_address_even_once_confirmed(
    client, places, django_capture_on_commit_callbacks
):
    # The owner of the address confirms a registration a stranger made with it: the e-mails that
    # follow still do not greet them with the stranger's text.
    with django_capture_on_commit_callbacks(execute=True):
        post(client, places, event_registration)
    registration = places["event"].registrations.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(urlsplit(links.confirm_url(registration)).path)
    registration.refresh_from_db()
    assert registration.status == registration.Status.CONFIRMED
    assert len(to_target()) == 2
    for message in to_target():
        assert "WIN-A-PRIZE" not in everything_in(message)


def test_a_password_reset_for_an_address_without_account_sends_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": TARGET})
    assert response.status_code == 302
    assert to_target() == []
