"""A person's own data: everything the site holds about them as JSON, and deleting their account.

The account part is here; every other part comes from the registry (`lib/registry.py`):
an app that stores personal data adds its export and its deletion hook to its own `site.py`.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from kenniscentrum.lib import registry
from kenniscentrum.lib.mail import send_email


def export_personal_data(user):
    addresses = EmailAddress.objects.filter(user=user).order_by("email")
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        "two_step_verification": sorted(user.authenticator_set.values_list("type", flat=True)),
        **registry.exports(user),
    }


def delete_account(user):
    """Let every app anonymise or end what it holds, then delete the account itself.

    One transaction: either everything about the person is gone, or nothing changed.
    """
    email, language, name = user.email, user.preferred_language, user.get_short_name()
    with transaction.atomic():
        registry.run_account_deletion_hooks(user)
        user.delete()  # cascades to e-mail addresses and second factors
        # A last message to the address that is no longer on file, so the person knows it is
        # done; it leaves only if the deletion commits.
        send_email("account_deleted", [email], {"name": name}, language=language)
