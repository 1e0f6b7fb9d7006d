"""The members app's part of the site-wide features: BINs in search and key figures, a person's
roles on the dashboard and in their data, what happens to those roles when they leave, the
directory and Mijn BIN in the page cache, the board's permissions in the admin, and the BIN pages
the load tests measure."""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.mail import send_email_to_user
from kenniscentrum.lib.registry import BOARD, register
from kenniscentrum.lib.sections import Figure, Group, Item, Section
from members.models import (
    BIN,
    BINInvitation,
    BINRole,
    BoardMandate,
    Charter,
    MembershipApplication,
    PostalCode,
    StartRequest,
    WorkingMember,
)

COORDINATING_ROLES = [BINRole.Role.COORDINATOR, BINRole.Role.CO_COORDINATOR]


def search(request, query, limit):
    # The directory's own search: postcode, or municipality/BIN name with accents optional.
    bins = (
        BIN.objects.public()
        .search(query)
        .select_related("municipality", "type")
        .order_by("name")[:limit]
    )
    items = [
        Item(title=b.name, url=b.get_absolute_url(), meta=f"{b.municipality.name} · {b.type.name}")
        for b in bins
    ]
    return [
        Group(
            key="bins",
            title=_("BIN's"),
            items=items,
            order=20,
            more_url=f"{reverse('members:bin_list')}?{urlencode({'q': query})}",
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
    """Mijn BIN (the coordinator self-service) for those who manage the BIN; its public page
    otherwise."""
    if role.role in BINRole.MANAGING_ROLES:
        return reverse("members:manage_bin", kwargs={"slug": role.bin.slug})
    return role.bin.get_absolute_url()


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
            more_url=reverse("members:my_bins"),
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


# --- the admin groups ------------------------------------------------------------------------

GROUP_PERMISSIONS = {
    BOARD: {
        "members.view_user",
        # BINs, their roles and charters; status and recognition are the board's to keep.
        "members.view_bin",
        "members.change_bin",
        "members.view_binrole",
        "members.add_binrole",
        "members.change_binrole",
        "members.view_charter",
        "members.add_charter",
        "members.change_charter",
        "members.view_bininvitation",
        # The vzw's membership and the start requests it follows up.
        "members.view_membershipapplication",
        "members.change_membershipapplication",
        "members.view_startrequest",
        "members.change_startrequest",
        "members.view_workingmember",
        "members.add_workingmember",
        "members.change_workingmember",
        "members.view_boardmandate",
        "members.add_boardmandate",
        "members.change_boardmandate",
        # Reference data to look things up; police zones are kept by hand.
        "members.view_region",
        "members.view_province",
        "members.view_municipality",
        "members.view_postalcode",
        "members.view_bintype",
        "members.view_policezone",
        "members.add_policezone",
        "members.change_policezone",
    },
}


# --- the load tests ---------------------------------------------------------------------------


def sample_bin():
    """A public, active BIN with a current manager, in a place with several BINs."""
    managed = BINRole.objects.current().managing().filter(bin=OuterRef("pk"))
    return (
        BIN.objects.active()
        .filter(Exists(managed))
        .annotate(neighbours=Count("municipality__bins"))
        .order_by("-neighbours", "pk")
        .first()
    )


def benchmark_pages():
    """The directory searched by postcode, the BIN's public page, and its Mijn BIN page seen by
    one of its managers."""
    bin_ = sample_bin()
    if bin_ is None:
        return []
    postcode = PostalCode.objects.filter(municipality=bin_.municipality_id).first()
    query = postcode.code if postcode else bin_.municipality.name_nl
    manager = BINRole.objects.current().managing().filter(bin=bin_).order_by("pk").first().user
    return [
        ("BIN directory ?q=postcode", f"{reverse('members:bin_list')}?q={query}", None),
        ("BIN page", bin_.get_absolute_url(), None),
        ("Mijn BIN (logged in)", reverse("members:manage_bin", args=[bin_.slug]), manager),
    ]


register(
    Section(
        name="members",
        search=search,
        figures=figures,
        dashboard=dashboard,
        export=export,
        on_account_deletion=on_account_deletion,
        cached_pages=frozenset({"members:bin_list", "members:bin_detail", "members:structure"}),
        # Everything they show (the person's BINs, roles, team, charters, membership
        # application) is content: any change to it makes them out of date like public pages.
        cached_personal_pages=frozenset({"members:my_bins", "members:manage_bin"}),
        # Sent to an address or to the board, never shown on a cached page.
        not_content=frozenset({"members.bininvitation", "members.startrequest"}),
        group_permissions=GROUP_PERMISSIONS,
        benchmark_pages=benchmark_pages,
    )
)
