"""A coordinator or police officer submits a good practice; the editors publish it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledgebase.demo import tiny_pdf
from knowledgebase.models import Article, Document
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

URL = "/nl/kennisbank/insturen/"


def form_data(bin_, **extra):
    return {
        "bin": bin_.pk,
        "language": "nl",
        "title": "Koffie met de wijkagent",
        "summary": "Elke maand een babbel met de wijkagent in het buurthuis.",
        "problem": "Bewoners kenden hun wijkagent niet.",
        "approach": "Een vaste koffieochtend in het buurthuis.",
        "result": "Meer meldingen via 101.",
        "effort": "Twee uur per maand.",
        **extra,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_submission_form(client, login_as, persona):
    login_as(persona)
    response = client.get(URL)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/nl/account/login/")
    elif persona in {"coordinator_a", "coordinator_b", "police_officer"}:
        assert response.status_code == 200
        assert "Het probleem" in response.content.decode()
    else:
        assert response.status_code == 403


def test_submission_is_stored_in_review_and_the_editors_get_an_email(
    client, coordinator_a, bin_a, editor, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_a)
    upload = SimpleUploadedFile("verslag.pdf", tiny_pdf("Verslag"), "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(bin_a, file=upload))
    assert response.status_code == 302, response.context["form"].errors
    article = Article.objects.get(title="Koffie met de wijkagent")
    assert article.status == Article.Status.REVIEW
    assert article.kind == Article.Kind.GOOD_PRACTICE
    assert article.submitted_by == coordinator_a
    assert article.bin == bin_a
    assert article.province == bin_a.municipality.province
    document = article.documents.get()
    assert document.audience == Document.Audience.STAFF  # not public before an editor looks
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "Koffie met de wijkagent" in message.subject
    assert f"/admin/knowledgebase/article/{article.pk}/change/" in message.body
    assert message.alternatives[0][1] == "text/html"
    # Not public while in review.
    assert client.get(article.get_absolute_url()).status_code == 404


def test_submission_cannot_name_a_bin_of_someone_else(client, coordinator_a, bin_b):
    client.force_login(coordinator_a)
    response = client.post(URL, form_data(bin_b))
    assert response.status_code == 200
    assert "bin" in response.context["form"].errors
    assert not Article.objects.exists()


def test_bad_file_is_refused_and_the_text_is_kept(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(URL, form_data(bin_a, file=upload))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dit bestandstype is niet toegelaten." in content
    assert "Koffie met de wijkagent" in content
    assert not Article.objects.exists()


def test_honeypot_stops_bots(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    response = client.post(URL, form_data(bin_a, website_url="https://spam.example"))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_rate_limit_per_address(client, coordinator_a, bin_a):
    client.force_login(coordinator_a)
    for n in range(5):
        client.post(URL, form_data(bin_a, title=f"Voorstel {n}"))
    response = client.post(URL, form_data(bin_a, title="Voorstel te veel"))
    assert response.status_code == 200
    assert Article.objects.count() == 5


def submitted(coordinator, bin_):
    return Article.objects.create(
        kind="good_practice",
        status="review",
        language="nl",
        slug="koffie-met-de-wijkagent",
        title="Koffie met de wijkagent",
        summary="Een babbel met de wijkagent.",
        problem="Onbekendheid.",
        submitted_by=coordinator,
        bin=bin_,
    )


def test_publishing_from_the_admin_action_emails_the_submitter_once(
    client, editor, coordinator_a, bin_a, django_capture_on_commit_callbacks
):
    article = submitted(coordinator_a, bin_a)
    client.force_login(editor)
    changelist = "/admin/knowledgebase/article/"
    data = {"action": "publish_selected", "_selected_action": [article.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator_a.email]
    assert "http://" in message.body and article.get_absolute_url() in message.body
    # Publishing again sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, data)
    assert len(mail.outbox) == 1


def test_publishing_from_the_change_form_emails_the_submitter(
    client, editor, coordinator_a, bin_a, django_capture_on_commit_callbacks
):
    article = submitted(coordinator_a, bin_a)
    client.force_login(editor)
    url = f"/admin/knowledgebase/article/{article.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"themes", "documents", "cover_image"}
    }
    data.update(status="published", published_at_0="", published_at_1="", bin=bin_a.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert "Uw goede praktijk staat online" in mail.outbox[0].subject


def test_email_goes_out_in_the_submitters_language(client, editor, coordinator_a, bin_a):
    coordinator_a.preferred_language = "fr"
    coordinator_a.save()
    article = submitted(coordinator_a, bin_a)
    article.publish(editor=editor)
    article.notify_submitter()
    assert len(mail.outbox) == 1
    assert "Votre bonne pratique est en ligne" in mail.outbox[0].subject
