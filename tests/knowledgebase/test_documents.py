"""Uploads are checked by content and size, with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledgebase.demo import tiny_pdf
from knowledgebase.models import Article, Document
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def document(name, content, **kwargs):
    return Document(title="Bijlage", file=SimpleUploadedFile(name, content), **kwargs)


def test_pdf_is_accepted_and_described():
    doc = document("brochure.pdf", tiny_pdf("Brochure"))
    doc.full_clean()
    doc.save()
    assert doc.file_type == "pdf"
    assert doc.size == len(tiny_pdf("Brochure"))


def test_a_file_pretending_to_be_a_pdf_is_refused():
    doc = document("brochure.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as error:
        doc.full_clean()
    assert "Dit bestandstype is niet toegelaten." in error.value.message_dict["file"]


def test_a_file_over_20_mb_is_refused():
    doc = document("groot.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        doc.full_clean()
    assert "te groot" in error.value.message_dict["file"][0]


def test_cover_image_needs_alt_text():
    article = ArticleFactory.build(cover_image="kennisbank/beelden/foto.png", cover_alt="")
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "cover_alt" in error.value.message_dict
    with pytest.raises(Exception, match="knowledgebase_article_cover_has_alt"):
        Article.objects.bulk_create([article])


def test_editor_uploads_a_document_in_the_admin_and_a_wrong_one_is_refused(client, editor):
    client.force_login(editor)
    good = SimpleUploadedFile("plan.pdf", tiny_pdf("Plan"))
    response = client.post(
        "/admin/knowledgebase/document/add/",
        {"title": "Plan", "language": "nl", "audience": "members", "file": good},
    )
    assert response.status_code == 302
    assert Document.objects.get(title="Plan").uploaded_by == editor
    bad = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00")
    response = client.post(
        "/admin/knowledgebase/document/add/",
        {"title": "Fout", "language": "nl", "audience": "public", "file": bad},
    )
    assert response.status_code == 200
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
