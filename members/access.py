"""Who may see and manage what in the members app: the one place for these rules."""

from members.models import BINRole


def is_member(user):
    """A logged-in person with a current role on a BIN (later also working members): sees
    members-only content."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return BINRole.objects.current().filter(user=user).exists()


def is_working_member(user):
    """A working member (werkend lid) of the vzw; sees General Assembly material."""
    if not user.is_authenticated:
        return False
    return user.is_superuser
