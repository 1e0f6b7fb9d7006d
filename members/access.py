"""Who may see and manage what in the members app: the one place for these rules.

Every view that touches a BIN's private pages goes through `get_managed_bin_or_404`: a person
without a current managing role on that BIN gets a 404, as if the page did not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from kenniscentrum.lib.audience import Audience
from members.models import BINRole, Charter, WorkingMember


def has_staff_power(user):
    """Staff who may use staff power now: with a second factor (`User.has_staff_power`). Staff
    without one get what a citizen gets until they set it up. Permissions (`user.has_perm`)
    follow the same rule."""
    return user.is_authenticated and user.has_staff_power


def is_member(user):
    """A logged-in person with a current role on a BIN, or a current working member: sees
    members-only content."""
    if not user.is_authenticated:
        return False
    if has_staff_power(user):
        return True
    return (
        BINRole.objects.current().filter(user=user).exists()
        or WorkingMember.objects.current().filter(user=user).exists()
    )


def is_working_member(user):
    """A working member (werkend lid) of the vzw in the register; sees General Assembly material."""
    if not user.is_authenticated:
        return False
    if user.is_superuser and has_staff_power(user):
        return True
    return WorkingMember.objects.current().filter(user=user).exists()


def can_see_audience(user, audience):
    """The one audience rule for content and files of every app, over the site's one vocabulary
    (`kenniscentrum.lib.audience`): "public" is for everyone, "members" for members (see
    `is_member`), "working_members" for working members, "staff" for staff. Staff see
    everything, so they can check what they publish."""
    if audience == Audience.PUBLIC:
        return True
    if has_staff_power(user):
        return True
    if audience == Audience.MEMBERS:
        return is_member(user)
    if audience == Audience.WORKING_MEMBERS:
        return is_working_member(user)
    return False


def readable_audiences(user, audiences):
    """Those of `audiences` that `user` may read, asked once for a list of content."""
    return [audience for audience in audiences if can_see_audience(user, audience)]


def managing_roles(user):
    """The person's current roles that let them manage a BIN, with the BIN, for lists."""
    if not user.is_authenticated:
        return BINRole.objects.none()
    return (
        BINRole.objects.current()
        .managing()
        .filter(user=user)
        .select_related("bin__type", "bin__municipality__province")
        .order_by("bin__name", "role")
    )


def get_managed_bin_or_404(user, slug):
    """The BIN `slug` and the person's current managing roles on it; 404 for everyone else.

    Staff and board members are no exception: they manage BINs in the admin, not here.
    """
    roles = list(
        BINRole.objects.current()
        .managing()
        .filter(user=user, bin__slug=slug)
        .select_related("bin__type", "bin__municipality__province")
    )
    if not roles:
        raise Http404("No managing role on this BIN.")
    return roles[0].bin, roles


def get_managed_bin_and_team_or_404(user, slug, roles=None):
    """The BIN `slug`, the person's current managing roles on it and its whole current team (the
    roles of everyone, with their person), in one query; 404 as in `get_managed_bin_or_404`.

    `roles` is a BINRole queryset to read from, e.g. with annotations about the BIN."""
    team = list(
        (BINRole.objects.all() if roles is None else roles)
        .current()
        .filter(bin__slug=slug)
        .select_related("user", "bin__type", "bin__municipality__province")
        .order_by("role", "start", "pk")
    )
    mine = [r for r in team if r.user_id == user.pk and r.role in BINRole.MANAGING_ROLES]
    if not mine:
        raise Http404("No managing role on this BIN.")
    return mine[0].bin, mine, team


def can_view_charters_of(user, bin_):
    """The BIN's own managers, and board or staff members allowed to view charters (with a
    second factor, as every permission)."""
    if user.has_perm("members.view_charter"):
        return True
    return BINRole.objects.current().managing().filter(user=user, bin=bin_).exists()


def get_charter_or_404(user, slug, pk):
    """A charter whose PDF this person may read; 404 otherwise."""
    charter = get_object_or_404(Charter.objects.select_related("bin"), pk=pk, bin__slug=slug)
    if not (user.is_authenticated and can_view_charters_of(user, charter.bin)):
        raise Http404("No access to this charter.")
    return charter


def bin_contacts(bin_):
    """Who receives the messages of the BIN's relay form: its coordinators and co-coordinators,
    or its police officers when it has no coordinator. Never shown on a page."""
    roles = BINRole.objects.current().filter(bin=bin_).select_related("user")
    people = [
        r.user
        for r in roles
        if r.role in (BINRole.Role.COORDINATOR, BINRole.Role.CO_COORDINATOR) and r.user.is_active
    ]
    if not people:
        people = [
            r.user for r in roles if r.role == BINRole.Role.POLICE_OFFICER and r.user.is_active
        ]
    unique = {user.pk: user for user in people}
    return list(unique.values())
