"""Whatever reaches an article's body is made harmless on save, against the site's allow-list."""

import pytest

from knowledgebase.models import ArticleVersion
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="javascript:alert(1)" alt="x">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<p style="background:url(javascript:alert(1))">tekst</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">over</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://evil.example"><input name="pw"></form>',
    '<object data="javascript:alert(1)"></object>',
    '<p><a href="https://example.org" onclick="steal()">ok</a></p>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]

FORBIDDEN = ["<script", "onerror", "onload", "onclick", "onmouseover", "javascript:", "style=",
             "<iframe", "<svg", "<object", "<form", "<style", "<meta", "data:text"]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_in_body_is_harmless_after_save(payload):
    article = ArticleFactory(body=f"<p>Voor</p>{payload}<p>Na</p>")
    article.refresh_from_db()
    lowered = article.body.lower()
    for marker in FORBIDDEN:
        assert marker not in lowered, (payload, article.body)
    assert article.body.startswith("<p>Voor</p>")  # the harmless part is kept


def test_allowed_markup_survives():
    html = (
        "<h2>Titel</h2><p><strong>vet</strong> <em>schuin</em> "
        '<a href="https://besafe.be">link</a></p><ul><li>punt</li></ul>'
    )
    article = ArticleFactory(body=html)
    article.refresh_from_db()
    assert "<h2>Titel</h2>" in article.body
    assert '<a href="https://besafe.be" rel="noopener noreferrer">link</a>' in article.body
    assert "<li>punt</li>" in article.body


def test_public_page_shows_the_sanitised_body(client):
    article = ArticleFactory(body='<p>Hallo</p><img src=x onerror="alert(1)">')
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"onerror" not in response.content


def test_an_earlier_version_is_shown_sanitised_too():
    article = ArticleFactory(body="<p>Eerste tekst</p>")
    article.body = "<p>Tweede tekst</p>"
    article.save()
    version = ArticleVersion.objects.get(article=article)
    version.data["body"] = "<p>x</p><script>alert(1)</script>"  # someone edits the JSON
    assert "<script" not in version.body
