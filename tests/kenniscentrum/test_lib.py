import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django_prose_editor.config import allowlist_from_extensions

from events.models import Event
from kenniscentrum.lib import html
from kenniscentrum.lib.audience import Audience
from kenniscentrum.lib.html import sanitize_html
from kenniscentrum.lib.mail import send_email
from kenniscentrum.lib.signing import make_token, read_token
from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.lib.uploads import validate_upload
from knowledgebase.models import Article, Document
from members.access import readable_audiences
from tests.factories import ArticleFactory, CourseFactory
from training.models import Course, Material

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<p style="background:url(javascript:alert(1))">tekst</p>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<body onload="alert(1)">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<style>body{display:none}</style>",
    '<div onclick="alert(1)">x</div>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitizer_makes_xss_payloads_harmless(payload):
    cleaned = sanitize_html(payload).lower()
    for bad in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "style=",
        "<iframe",
        "data:",
    ]:
        assert bad not in cleaned


def test_sanitizer_keeps_ordinary_formatting():
    html = '<h2>Tips</h2><p><strong>Sluit</strong> uw <a href="https://example.org">deur</a></p>'
    assert sanitize_html(html) == (
        "<h2>Tips</h2><p><strong>Sluit</strong> uw "
        '<a href="https://example.org" rel="noopener noreferrer">deur</a></p>'
    )


DIRTY = '<p onclick="steal()">Doel</p><script>alert(1)</script>'
CLEAN = "<p>Doel</p>"


@pytest.mark.django_db
def test_html_field_cleans_on_save_create_and_update_or_create():
    course = CourseFactory(objectives_nl=DIRTY)
    assert course.objectives_nl == CLEAN  # the instance holds what was stored
    course.objectives_fr = DIRTY
    course.save()
    Course.objects.update_or_create(slug=course.slug, defaults={"objectives_nl": DIRTY + "!"})
    course.refresh_from_db()
    assert (course.objectives_nl, course.objectives_fr) == (CLEAN + "!", CLEAN)


@pytest.mark.django_db
def test_html_field_cleans_in_bulk_create_too():
    Course.objects.bulk_create([CourseFactory.build(slug="bulk", objectives_nl=DIRTY)])
    Article.objects.bulk_create([ArticleFactory.build(slug="bulk", body=DIRTY)])
    assert Course.objects.get(slug="bulk").objectives_nl == CLEAN
    assert Article.objects.get(slug="bulk").body == CLEAN


def test_editor_writes_only_what_the_allow_list_keeps():
    editor = allowlist_from_extensions(html.editor_extensions())
    assert editor["tags"] <= html.ALLOWED_TAGS
    assert editor["url_schemes"] == html.URL_SCHEMES
    for tag, attributes in editor["attributes"].items():
        # The sanitiser sets a link's rel itself; an ordered list's numbering style is dropped.
        assert attributes - html.ALLOWED_ATTRIBUTES[tag] <= {"rel", "type", "data-type"}, tag


def test_editor_follows_the_allow_list(monkeypatch):
    article_editor = Article._meta.get_field("body").formfield().widget.config["extensions"]
    assert article_editor == html.editor_extensions()
    assert article_editor["Heading"] == {"levels": [2, 3, 4]}
    assert {"Bold", "Table", "Link"} <= article_editor.keys()

    monkeypatch.setattr(html, "ALLOWED_TAGS", html.ALLOWED_TAGS - {"h4", "table", "a", "strong"})
    narrower = html.editor_extensions()
    assert narrower["Heading"] == {"levels": [2, 3]}
    assert not {"Bold", "Table", "Link"} & narrower.keys()


@pytest.mark.parametrize("model", [Article, Document, Event, Material])
def test_every_audience_field_speaks_the_site_vocabulary(model):
    assert model._meta.get_field("audience").choices == model.Audience.choices
    for audience in model.Audience:  # same names, stored values and labels as the vocabulary
        site = Audience[audience.name]
        assert (audience.value, audience.label) == (site.value, site.label)


@pytest.mark.django_db
def test_the_one_audience_rule_decides_the_whole_vocabulary(citizen, coordinator_a, editor):
    readers = {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "coordinator": coordinator_a,
        "editor": editor,
    }
    readable = {name: set(readable_audiences(user, Audience)) for name, user in readers.items()}
    assert readable["anonymous"] == readable["citizen"] == {Audience.PUBLIC}
    assert readable["coordinator"] == {Audience.PUBLIC, Audience.MEMBERS}
    assert readable["editor"] == set(Audience)


def test_signed_token_round_trips_only_for_its_purpose():
    token = make_token("cancel", {"registration": 7})
    assert read_token("cancel", token) == {"registration": 7}
    assert read_token("unsubscribe", token) is None
    assert read_token("cancel", token + "x") is None


def test_signed_token_expires(monkeypatch):
    token = make_token("invite", {"bin": 1})
    assert read_token("invite", token, max_age_days=14) == {"bin": 1}
    import time

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 24 * 3600)
    assert read_token("invite", token, max_age_days=14) is None


def test_upload_type_is_read_from_the_content():
    validate_upload("pdf")(SimpleUploadedFile("a.pdf", b"%PDF-1.7 ..."))
    with pytest.raises(ValidationError):
        validate_upload("pdf")(SimpleUploadedFile("evil.pdf", b"<html><script>"))
    with pytest.raises(ValidationError):
        validate_upload("image")(SimpleUploadedFile("a.png", b"%PDF-1.7"))


def test_upload_size_is_limited():
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 100)
    with pytest.raises(ValidationError, match="te groot"):
        validate_upload("pdf", max_bytes=50)(big)


def test_rate_limit_counts_per_address():
    from django.core.cache import cache

    cache.clear()
    one = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    other = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2")
    assert [rate_limited(one, "contact", limit=2) for _ in range(3)] == [False, False, True]
    assert rate_limited(other, "contact", limit=2) is False


def test_email_helper_sends_text_and_html_in_the_recipients_language():
    send_email("test_message", ["a@example.org"], {"subject_detail": "x"}, language="fr")
    message = mail.outbox[0]
    assert message.subject == "Message de test: x"
    assert "Ceci est un message de test" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Ceci est un message de test" in html
    assert io.StringIO(message.body).read()
