"""Demo accounts, one per persona of the design, for local development only."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from members.models import User

DEMO_PASSWORD = "demo-BIN-2026"

# (e-mail, full name, language, staff, superuser, group)
PERSONAS = [
    ("burger@demo.bin-kenniscentrum.be", "Bert Burger", "nl", False, False, None),
    ("coordinator@demo.bin-kenniscentrum.be", "Ann Coördinator", "nl", False, False, None),
    ("coordinatrice@demo.bin-kenniscentrum.be", "Claire Coordinatrice", "fr", False, False, None),
    ("politie@demo.bin-kenniscentrum.be", "Ines Inspecteur", "nl", False, False, None),
    ("redactie@demo.bin-kenniscentrum.be", "Rita Redactie", "nl", True, False, "Redactie"),
    ("bestuur@demo.bin-kenniscentrum.be", "Bob Bestuur", "nl", True, False, "Bestuur"),
    ("admin@demo.bin-kenniscentrum.be", "Ada Admin", "nl", True, True, None),
]


def seed_personas():
    """Create or reset the demo accounts; safe to run again. Returns (e-mail, name) pairs."""
    for email, name, language, staff, superuser, group in PERSONAS:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": name,
                "preferred_language": language,
                "is_staff": staff,
                "is_superuser": superuser,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
    return [(email, name) for email, name, *_ in PERSONAS]
