"""The XSS corpus, through every field a person without staff rights can write, checked wherever
the text shows up again: the public page, the admin (as board member and superuser), the HTML part
of the e-mails and the feeds. Text is shown as text, never run as markup or as a template; rich
text keeps only what the sanitiser allows; links stay http(s)."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from kenniscentrum.models import ContactMessage
from knowledgebase.models import Article
from members.models import BINRole, Charter, MembershipApplication, StartRequest, User
from tests.factories import (
    BoardMandateFactory,
    ContactSubjectFactory,
    CourseFactory,
    EventFactory,
    pdf_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]

# One line of the corpus, short enough for a name field (150 characters).
PAYLOAD = (
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    "</script><script>alert(2)</script>{{ settings.SECRET_KEY }}{% now 'Y' %}\u202eevil"
)
RICH_PAYLOAD = (
    '<p>Goed</p><script>alert(1)</script><img src=x onerror="alert(1)">'
    '<a href="javascript:alert(1)">klik</a><a href="https://example.org" onclick="alert(1)">ok</a>'
)
JAVASCRIPT_URL = "javascript:alert(1)"
QUOTING_URL = 'https://example.org/?q="><script>alert(1)</script>'
LONG = "x" * 100_000


class RunnableMarkup(HTMLParser):
    """Collects what a browser would run: script elements with the payload's code, event-handler
    attributes, javascript: links; and attributes injected into a tag when a quote ends an
    attribute value early."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.script_type = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or not re.fullmatch(r"[a-z][a-z0-9:_.-]*", name):
                self.found.append(f"<{tag} {name}=...>")
            elif name in ("href", "src", "action", "formaction") and value.startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self.script_type = dict(attrs).get("type") or "text/javascript"

    def handle_endtag(self, tag):
        if tag == "script":
            self.script_type = None

    def handle_data(self, data):
        if self.script_type and "json" not in self.script_type and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def assert_inert(text, where):
    parser = RunnableMarkup()
    parser.feed(text)
    parser.close()
    assert parser.found == [], where
    assert settings.SECRET_KEY not in text, where
    assert f"{timezone.now():%Y}\u202eevil" not in text, f"{where}: a template tag ran"


def as_user(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def check_pages(user, urls):
    client = as_user(user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "alert(1)" in content, f"{url} shows the text (else this proves nothing)"
        assert_inert(content, url)


def check_admin(request, objects):
    """Each object's changelist and change page (which shows the text), as board member and
    as superuser."""
    for persona in ("board_member", "superuser"):
        client = as_user(request.getfixturevalue(persona))
        for obj in objects:
            model = type(obj)
            assert model in admin.site._registry, model
            meta = model._meta
            changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            for url in (changelist, change):
                response = client.get(url)
                if response.status_code == 403 and persona == "board_member":
                    continue  # not the board's part of the admin
                assert response.status_code == 200, (persona, url)
                content = response.content.decode()
                assert url == changelist or "alert(1)" in content, f"{persona} {url} shows it"
                assert_inert(content, f"{persona} {url}")


def check_mail(shown=True):
    """Every e-mail is inert; with `shown`, one of them shows the text (else this proves nothing),
    without, none carries it at all (mail to an address the writer typed relays nothing)."""
    assert mail.outbox, "the action sent e-mail"
    for message in mail.outbox:
        htmls = [content for content, kind in message.alternatives if kind == "text/html"]
        for html in htmls:
            assert_inert(html, f"e-mail {message.subject!r}")
    showing = [m for m in mail.outbox for html, _kind in m.alternatives if "alert(1)" in html]
    if shown:
        assert showing, "an e-mail shows the text"
    else:
        assert not [m for m in mail.outbox if "alert(1)" in m.body] + showing


# --- public forms, anonymous ----------------------------------------------------------------------


def test_contact_form(client, request):
    subject = ContactSubjectFactory()
    data = {"subject": subject.pk, "name": PAYLOAD, "email": "v@example.org", "message": PAYLOAD}
    assert client.post("/nl/contact/", {**data, "consent": "on"}).status_code == 302
    check_mail()
    check_admin(request, [ContactMessage.objects.get()])


def test_bin_contact_form(client, coordinator_a):
    url = reverse("members:bin_contact", args=["bin-gent-sint-pieters"])
    data = {"name": PAYLOAD, "email": "v@example.org", "message": PAYLOAD, "consent": "on"}
    assert client.post(url, data).status_code == 302
    check_mail()


def test_start_a_bin(client, request):
    BoardMandateFactory()
    data = {"name": PAYLOAD, "email": "v@example.org", "phone": PAYLOAD[:30], "postcode": "9000"}
    response = client.post("/nl/bin-starten/", {**data, "message": PAYLOAD, "consent": "on"})
    assert response.status_code == 302
    check_mail()
    check_admin(request, [StartRequest.objects.get()])


def test_event_visitor_registration(client, request, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:register", args=[event.slug]), {"name": PAYLOAD, "email": "v@ex.org"}
        )
        registration = Registration.objects.get()
        # Confirmed by the address's owner, who did not choose the name: it reaches no e-mail.
        confirm = reverse("events:confirm", args=[_token(registration)])
        client.post(confirm)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    check_mail(shown=False)
    check_admin(request, [registration])
    check_pages(request.getfixturevalue("superuser"), [f"/nl/agenda/{event.slug}/aanwezigheden/"])


def _token(registration):
    from events import links

    return links.confirm_url(registration).rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/nl/contact/", {"name": PAYLOAD, "email": PAYLOAD, "message": PAYLOAD}),
        ("/nl/bin-starten/", {"name": PAYLOAD, "email": PAYLOAD, "postcode": PAYLOAD}),
        ("/nl/nieuwsbrief/", {"email": PAYLOAD, "language": PAYLOAD, "topics": [PAYLOAD]}),
        ("/nl/account/signup/", {"full_name": PAYLOAD, "email": PAYLOAD, "password1": PAYLOAD}),
        ("/nl/account/login/", {"login": PAYLOAD, "password": PAYLOAD}),
        ("/nl/zoeken/?q=" + PAYLOAD[:99], None),
        ("/nl/kennisbank/?q=" + PAYLOAD[:99], None),
        ("/nl/bin/?q=" + PAYLOAD[:99], None),
    ],
)
def test_what_was_typed_comes_back_as_text(client, url, data):
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code in (200, 400)
    assert_inert(response.content.decode(), url)


@pytest.mark.parametrize(
    "form",
    ["contact", "bin_contact", "start", "newsletter", "event", "interest", "signup"],
)
def test_very_long_input_is_refused_next_to_the_field(client, coordinator_a, form):
    event, course = EventFactory(), CourseFactory()
    subject = ContactSubjectFactory()
    url, data = {
        "contact": ("/nl/contact/", {"subject": subject.pk, "name": LONG, "message": LONG}),
        "bin_contact": (
            reverse("members:bin_contact", args=["bin-gent-sint-pieters"]),
            {"name": LONG, "message": LONG},
        ),
        "start": ("/nl/bin-starten/", {"name": LONG, "postcode": "9000", "message": LONG}),
        "newsletter": ("/nl/nieuwsbrief/", {"email": LONG, "language": "nl", "topics": ["news"]}),
        "event": (reverse("events:register", args=[event.slug]), {"name": LONG}),
        "interest": (reverse("training:interest", args=[course.slug]), {"email": LONG}),
        "signup": ("/nl/account/signup/", {"full_name": LONG, "password1": "x", "password2": "x"}),
    }[form]
    data = {"email": "v@example.org", "consent": "on", **data}
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert mail.outbox == []


# --- people with an account -----------------------------------------------------------------------


def test_signup_full_name(client, request, coordinator_a):
    response = client.post(
        "/nl/account/signup/",
        {
            "full_name": PAYLOAD,
            "email": "nieuw@example.org",
            "preferred_language": "nl",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    user.emailaddress_set.update(verified=True)
    bin_ = coordinator_a.bin_roles.get().bin
    BINRole.objects.create(user=user, bin=bin_, role=BINRole.Role.CO_COORDINATOR)
    BoardMandateFactory(user=user)
    check_pages(None, ["/nl/over-ons/structuur/"])
    check_pages(user, ["/nl/mijn/", "/nl/mijn/bin/", "/nl/mijn/gegevens/"])
    check_pages(coordinator_a, [f"/nl/mijn/bin/{bin_.slug}/team/", f"/nl/mijn/bin/{bin_.slug}/"])
    check_admin(request, [user])


def test_bin_profile(client, request, coordinator_a):
    bin_ = coordinator_a.bin_roles.get().bin
    client.force_login(coordinator_a, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("members:edit_profile", args=[bin_.slug])
    data = {"description": RICH_PAYLOAD, "area_description": PAYLOAD, "channels": ["email"]}
    refused = client.post(url, {**data, "website": JAVASCRIPT_URL})
    assert refused.status_code == 200  # not a web address: shown again with the error
    assert_inert(refused.content.decode(), "profile form")
    assert client.post(url, {**data, "website": QUOTING_URL}).status_code == 302
    bin_.refresh_from_db()
    assert "Goed" in bin_.description
    assert_inert(bin_.description, "stored description")
    check_pages(None, [bin_.get_absolute_url()])
    check_pages(coordinator_a, [url])
    check_admin(request, [bin_])


def test_co_coordinator_invitation(client, coordinator_a):
    coordinator_a.full_name = PAYLOAD
    coordinator_a.save()
    bin_ = coordinator_a.bin_roles.get().bin
    client.force_login(coordinator_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("members:team", args=[bin_.slug]), {"email": "nieuw@example.org"}
    )
    assert response.status_code == 302
    check_mail(shown=False)  # the invitation goes to a typed address: no inviter's text
    check_pages(coordinator_a, [reverse("members:team", args=[bin_.slug])])


def test_good_practice_submission(
    client, request, coordinator_a, editor, django_capture_on_commit_callbacks
):
    bin_ = coordinator_a.bin_roles.get().bin
    client.force_login(coordinator_a, backend="django.contrib.auth.backends.ModelBackend")
    fields = ("summary", "problem", "approach", "result", "effort")
    data = {"bin": bin_.pk, "language": "nl", "title": PAYLOAD, **dict.fromkeys(fields, PAYLOAD)}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("knowledgebase:submit"), data).status_code == 302
    article = Article.objects.get(submitted_by=coordinator_a)
    check_mail()
    check_admin(request, [article])
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    check_pages(
        None,
        [
            article.get_absolute_url(),
            "/nl/kennisbank/",
            "/nl/",
            "/nl/feeds/kennisbank/rss/",
            "/nl/feeds/kennisbank/atom/",
            "/nl/zoeken/?q=alert",
            bin_.get_absolute_url(),
        ],
    )


def test_charter(client, request, coordinator_a):
    bin_ = coordinator_a.bin_roles.get().bin
    client.force_login(coordinator_a, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("members:charters", args=[bin_.slug])
    data = {
        "signed_on": "2025-01-15",
        "signed_by_coordinator": PAYLOAD,
        "signed_by_mayor": PAYLOAD,
        "signed_by_police_chief": PAYLOAD,
        "pdf": pdf_upload(),
    }
    assert client.post(url, data).status_code == 302
    check_admin(request, [Charter.objects.get(bin=bin_), bin_])


def test_membership_application(client, request, coordinator_a):
    bin_ = coordinator_a.bin_roles.get().bin
    client.force_login(coordinator_a, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("members:apply_membership", args=[bin_.slug])
    assert client.post(url, {"motivation": PAYLOAD}).status_code == 302
    check_admin(request, [MembershipApplication.objects.get(bin=bin_)])
