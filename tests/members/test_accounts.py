import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache

from members.models import User
from tests.factories import UserFactory, give_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def signup(client, lang="nl", **overrides):
    data = {
        "full_name": "Nina Nieuw",
        "email": "nina@example.org",
        "preferred_language": "fr",
        "password1": "een-lang-wachtwoord-42",
        "password2": "een-lang-wachtwoord-42",
    }
    data.update(overrides)
    prefix = "account" if lang == "nl" else "compte"
    return client.post(f"/{lang}/{prefix}/signup/", data)


def test_signup_stores_name_and_language_and_asks_to_verify_the_address(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nina@example.org")
    assert user.full_name == "Nina Nieuw"
    assert user.preferred_language == "fr"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.org"]
    assert not EmailAddress.objects.get(user=user).verified


def test_signup_keeps_what_was_typed_and_explains_a_bad_password(client):
    response = signup(client, password2="iets-anders-99")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Nina Nieuw"' in html
    assert 'value="nina@example.org"' in html
    assert "invalid-feedback" in html or "is-invalid" in html


def test_french_login_page_labels_remember_me_in_french(client):
    # allauth's French catalogue lacks this label; the project's login form supplies it.
    response = client.get("/fr/compte/login/")
    assert response.status_code == 200
    assert "Rester connecté" in response.content.decode()


def test_cannot_log_in_before_verifying_then_can_after(client):
    signup(client)
    client.logout()
    response = client.post(
        "/nl/account/login/", {"login": "nina@example.org", "password": "een-lang-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    assert EmailAddress.objects.get(email="nina@example.org").verified
    response = client.post(
        "/nl/account/login/", {"login": "nina@example.org", "password": "een-lang-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="nina@example.org").pk)


def test_login_is_case_insensitive_on_the_email(client, citizen, password):
    response = client.post(
        "/nl/account/login/", {"login": "BURGER@example.org", "password": password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_failed_logins_are_rate_limited(client, citizen, password):
    for _ in range(5):
        client.post("/nl/account/login/", {"login": citizen.email, "password": "fout"})
    # Even the right password is refused for a while after too many failures.
    response = client.post("/nl/account/login/", {"login": citizen.email, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in response.content.decode()


def test_password_reset_sends_a_link(client, citizen):
    response = client.post("/nl/account/password/reset/", {"email": citizen.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/password/reset/key/" in mail.outbox[0].body


def test_logged_in_person_can_change_password(client, citizen, password):
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/nl/account/password/change/",
        {
            "oldpassword": password,
            "password1": "nog-een-lang-wachtwoord-7",
            "password2": "nog-een-lang-wachtwoord-7",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("nog-een-lang-wachtwoord-7")


def test_account_pages_use_the_site_layout_in_french(client):
    html = client.get("/fr/compte/login/").content.decode()
    assert '<html lang="fr">' in html
    assert 'class="site-header' in html
    assert "Mot de passe" in html


def test_staff_without_mfa_is_sent_to_set_it_up_before_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith("/account/2fa/totp/activate/")
    assert client.get("/admin/members/user/").status_code == 302


def test_staff_with_mfa_uses_the_admin(client, superuser):
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "BIN Kenniscentrum" in response.content.decode()


def test_non_staff_never_reach_the_admin(client, citizen):
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_login_asks_for_the_second_factor(client, password):
    staff = UserFactory(is_staff=True, is_superuser=True)
    secret = give_mfa(staff)
    response = client.post("/nl/account/login/", {"login": staff.email, "password": password})
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    counter = next(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counter))
    client.post(response["Location"], {"code": code})
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/admin/").status_code == 200


def test_admin_login_page_goes_through_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
