"""The members app's part of the site-wide pages: BINs in search and key figures, a person's
roles on the dashboard and in their data, and what happens to those roles when they leave.

It lives here because kenniscentrum may import every app and members imports none; the members
app may move it to a module of its own (see `kenniscentrum/sections.py`).
"""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.mail import send_email_to_user
from kenniscentrum.lib.sections import Figure, Group, Item, Section, reverse_first
from kenniscentrum.models import current_language
from kenniscentrum.permissions import BOARD
from members.models import (
    BIN,
    BINInvitation,
    BINRole,
    BoardMandate,
    Charter,
    MembershipApplication,
    StartRequest,
    WorkingMember,
)

COORDINATING_ROLES = [BINRole.Role.COORDINATOR, BINRole.Role.CO_COORDINATOR]


def directory_url():
    # The BIN directory becomes `members:bin_list` when the members app lands.
    return reverse_first("members:bin_list", "bin_directory")


def bin_url(bin):
    if hasattr(bin, "get_absolute_url"):
        return bin.get_absolute_url()
    return f"{directory_url()}?{urlencode({'q': bin.name})}"


def search(request, query, limit):
    # The directory's own search: postcode, or municipality/BIN name with accents optional.
    bins = (
        BIN.objects.public()
        .search(query)
        .select_related("municipality", "type")
        .order_by("name")[:limit]
    )
    items = [
        Item(title=b.name, url=bin_url(b), meta=f"{b.municipality.name} · {b.type.name}")
        for b in bins
    ]
    return [
        Group(
            key="bins",
            title=_("BIN's"),
            items=items,
            order=20,
            more_url=f"{directory_url()}?{urlencode({'q': query})}",
            more_label=_("Zoek in de BIN-gids"),
        )
    ]


def figures():
    """Active BINs per region and BINs that joined the Kenniscentrum, in one query."""
    region = "municipality__province__region"
    rows = (
        BIN.objects.public()
        .values(f"{region}__code", f"{region}__name_nl", f"{region}__name_fr")
        .annotate(
            active=Count("pk", filter=Q(status=BIN.Status.ACTIVE)),
            joined=Count("pk", filter=Q(joined_on__isnull=False)),
        )
        .order_by(f"{region}__code")
    )
    name = f"{region}__name_fr" if current_language() == "fr" else f"{region}__name_nl"
    per_region = [(row[name], row["active"]) for row in rows if row["active"]]
    return [
        Figure(
            key="bins",
            label=_("actieve BIN's"),
            value=sum(n for _, n in per_region),
            breakdown=per_region,
            order=10,
        ),
        Figure(
            key="joined",
            label=_("BIN's aangesloten bij het Kenniscentrum"),
            value=sum(row["joined"] for row in rows),
            order=20,
        ),
    ]


def manage_url(role):
    """Mijn BIN (the members app's self-service) for those who manage the BIN, once it is part
    of the site; the BIN's public page otherwise."""
    if role.role in BINRole.MANAGING_ROLES:
        url = reverse_first("members:manage_bin", kwargs={"slug": role.bin.slug})
        if url:
            return url
    return bin_url(role.bin)


def dashboard(request):
    roles = (
        BINRole.objects.current()
        .filter(user=request.user)
        .select_related("bin__municipality")
        .order_by("bin__name")
    )
    items = [
        Item(
            title=r.bin.name,
            url=manage_url(r),
            meta=f"{r.get_role_display()} · {r.bin.municipality.name}",
        )
        for r in roles
    ]
    return [
        Group(
            key="bins",
            title=_("Mijn BIN's"),
            items=items,
            order=10,
            empty_text=_("U hebt geen rol in een BIN."),
            more_url=reverse_first("members:my_bins"),
            more_label=_("Naar Mijn BIN"),
        )
    ]


def start_requests_of(user):
    return StartRequest.objects.filter(user.verified_email_condition())


def invitations_of(user):
    """Invitations sent to one of the person's confirmed addresses, sent by them or accepted."""
    return BINInvitation.objects.filter(
        Q(user.verified_email_condition()) | Q(invited_by=user) | Q(accepted_by=user)
    )


def export(user):
    roles = BINRole.objects.filter(user=user).select_related("bin").order_by("start")
    return {
        "bin_roles": [
            {
                "bin": r.bin.name,
                "role": r.role,
                "role_label": str(r.get_role_display()),
                "start": r.start,
                "end": r.end,
            }
            for r in roles
        ],
        "start_requests": [
            {
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "postcode": r.postcode,
                "municipality": r.municipality.name_nl,
                "message": r.message,
                "language": r.language,
                "consent_text": r.consent_text,
                "consented_at": r.consented_at,
                "received_at": r.created_at,
                "status": r.status,
            }
            for r in start_requests_of(user).select_related("municipality").order_by("pk")
        ],
        "bin_invitations": [
            {
                "bin": i.bin.name,
                "email": i.email,
                "sent_by_you": i.invited_by_id == user.pk,
                "sent_at": i.created_at,
                "accepted_at": i.accepted_at,
            }
            for i in invitations_of(user).select_related("bin").order_by("pk")
        ],
        "membership_applications": [
            {
                "bin": a.bin.name,
                "motivation": a.motivation,
                "applied_at": a.created_at,
                "status": a.status,
                "decided_on": a.decided_on,
                "reason": a.reason,
            }
            for a in MembershipApplication.objects.filter(applicant=user)
            .select_related("bin")
            .order_by("pk")
        ],
        "charters_submitted": [
            {
                "bin": c.bin.name,
                "signed_on": c.signed_on,
                "signed_by_coordinator": c.signed_by_coordinator,
                "signed_by_mayor": c.signed_by_mayor,
                "signed_by_police_chief": c.signed_by_police_chief,
                "submitted_at": c.submitted_at,
            }
            for c in Charter.objects.filter(submitted_by=user).select_related("bin").order_by("pk")
        ],
    }


def on_account_deletion(user):
    """End the person's roles; tell the board about BINs left without any coordinator.

    The person's lines in the register of working members and their board mandates go too: they
    name the person, and the register protects them from being deleted by accident. So do their
    requests to start a BIN and the invitations sent to them. What they did for a BIN (its
    membership application, its charters, invitations they sent) stays the BIN's, without them:
    those rows lose their link to the account with it."""
    WorkingMember.objects.filter(user=user).delete()
    BoardMandate.objects.filter(user=user).delete()
    start_requests_of(user).delete()
    BINInvitation.objects.filter(user.verified_email_condition()).delete()
    current = BINRole.objects.current().filter(user=user)
    coordinated = {
        r.bin
        for r in current.filter(role__in=COORDINATING_ROLES).select_related("bin__municipality")
    }
    still_coordinated = set(
        BINRole.objects.current()
        .filter(bin__in=coordinated, role__in=COORDINATING_ROLES)
        .exclude(user=user)
        .values_list("bin_id", flat=True)
    )
    orphaned = sorted(
        (b for b in coordinated if b.pk not in still_coordinated), key=lambda b: b.name
    )
    current.end_now()
    if not orphaned:
        return
    board = get_user_model().objects.filter(groups__name=BOARD, is_active=True).exclude(pk=user.pk)
    for member in board:
        send_email_to_user(
            "bin_lost_coordinator",
            member,
            {
                "bins": [
                    {
                        "name": b.name,
                        "municipality": b.municipality.name_nl,
                        "municipality_fr": b.municipality.name_fr,
                    }
                    for b in orphaned
                ]
            },
        )


SECTION = Section(
    name="members",
    search=search,
    figures=figures,
    dashboard=dashboard,
    export=export,
    on_account_deletion=on_account_deletion,
)
