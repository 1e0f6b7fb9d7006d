import pytest
from django.core.management import CommandError, call_command

from members.demo import DEMO_PASSWORD, PERSONAS
from members.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_login_per_persona_and_can_run_twice(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    users_after_first_run = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == users_after_first_run
    personas = [email for email, *_ in PERSONAS]
    assert User.objects.filter(email__in=personas).count() == len(PERSONAS)
    admin = User.objects.get(email="admin@demo.bin-kenniscentrum.be")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert (
        User.objects.get(email="redactie@demo.bin-kenniscentrum.be")
        .groups.filter(name="Redactie")
        .exists()
    )
    assert "admin@demo.bin-kenniscentrum.be" in capsys.readouterr().out


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_fills_the_site_wide_pages_and_can_run_twice(settings, tmp_path, client):
    from kenniscentrum.models import ContactSubject, Page, Partner
    from kenniscentrum.newsletter.models import NewsletterIssue, NewsletterSubscriber

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")
    assert set(Page.objects.exclude(key="").values_list("key", flat=True)) == {
        "about",
        "objectives",
        "structure",
        "privacy",
        "accessibility",
    }
    assert Page.objects.filter(slug="lid-worden", menu="about").exists()
    assert Partner.objects.count() == 4
    assert len(list((tmp_path / "partners").iterdir())) == 4  # no copies on the second run
    assert all(p.logo and p.logo_alt for p in Partner.objects.all())
    assert ContactSubject.objects.filter(recipient_language="fr").exists()
    assert NewsletterSubscriber.objects.confirmed().count() == 4
    assert NewsletterIssue.objects.sent().count() == 2
    html = client.get("/nl/nieuwsbrief/archief/").content.decode()
    assert "Nieuwsbrief voorjaar" in html
    home = client.get("/fr/").content.decode()
    assert "Nos partenaires" in home
