from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from kenniscentrum.lib import registry
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.mail import send_email, send_email_to_user
from kenniscentrum.lib.signing import make_token, read_token
from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.lib.storage import private_file_response
from members.access import (
    bin_contacts,
    get_charter_or_404,
    get_managed_bin_and_team_or_404,
    get_managed_bin_or_404,
    managing_roles,
)
from members.bin_forms import (
    BINContactForm,
    BINProfileForm,
    CharterForm,
    DirectoryForm,
    InvitationForm,
    MemberCountForm,
    MembershipApplicationForm,
    StartRequestForm,
)
from members.models import (
    BIN,
    POSTCODE,
    BINInvitation,
    BINRole,
    BoardMandate,
    Charter,
    MembershipApplication,
    PostalCode,
    Province,
    matching_municipality_ids,
)
from members.templatetags.members_tags import linked_content_flags

INVITATION = "bin_invitation"
TOO_MANY = gettext_lazy("U hebt dit formulier al vaak verstuurd. Probeer het over een uur opnieuw.")


# --- Public directory ---------------------------------------------------------------------------


class BINListView(ListView):
    """`/nl/bin/`: find the BIN for a postcode or municipality; counts per province."""

    template_name = "members/bin_list.html"
    context_object_name = "bins"
    paginate_by = 20

    def get_queryset(self):
        self.form = DirectoryForm(self.request.GET or None)
        queryset, without_province = self.form.filter(BIN.objects.public())
        self.counts = dict(
            without_province.order_by()
            .values_list("municipality__province")
            .annotate(n=Count("pk"))
            .values_list("municipality__province", "n")
        )
        province = getattr(self.form, "cleaned_data", {}).get("province")
        self.count = self.counts.get(province.pk, 0) if province else sum(self.counts.values())
        return queryset.for_list().order_by("name", "pk")

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # Known from the counts per province: no COUNT query of its own.
        paginator.count = self.count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.counts
        provinces = self.form.provinces
        params = self.request.GET.copy()
        params.pop("page", None)
        selected = params.pop("province", [""])[0]
        province_counts = []
        for province in provinces:
            params["province"] = province.slug
            province_counts.append(
                {
                    "province": province,
                    "count": counts.get(province.pk, 0),
                    "url": f"?{params.urlencode()}",
                    "selected": province.slug == selected,
                }
            )
        params.pop("province", None)
        query = getattr(self.form, "cleaned_data", {}).get("q", "")
        context.update(
            form=self.form,
            query=query,
            province_counts=province_counts,
            all_provinces_url=f"?{params.urlencode()}",
            all_provinces_selected=not selected,
            total_without_province=sum(counts.values()),
        )
        if query and not context["paginator"].count:
            context.update(self.nothing_here(query))
        return context

    @staticmethod
    def nothing_here(query):
        """What to say when no BIN covers the place: its name, and a postcode to start one."""
        if POSTCODE.match(query):
            postal_code = PostalCode.objects.filter(code=query).select_related("municipality")
            postal_code = postal_code.first()
            return {
                "no_bin_here": True,
                "place": f"{query} {postal_code.municipality}" if postal_code else query,
                "unknown_postcode": postal_code is None,
                "start_postcode": query if postal_code else "",
            }
        municipalities = matching_municipality_ids(query)
        postal_code = None
        if len(municipalities) == 1:  # one place: name it and carry its first postcode
            postal_code = (
                PostalCode.objects.filter(municipality__in=municipalities)
                .select_related("municipality")
                .order_by("code")
                .first()
            )
        return {
            "no_bin_here": True,
            "place": postal_code.municipality.name if postal_code else query,
            "start_postcode": postal_code.code if postal_code else "",
        }


class BINDetailView(DetailView):
    template_name = "members/bin_detail.html"
    context_object_name = "bin"

    def get_queryset(self):
        return (
            BIN.objects.public()
            .for_list()
            .select_related("police_zone")
            .annotate(**linked_content_flags())
        )


def bin_contact(request, slug):
    """The relay form: the message goes to the BIN's coordinators (or its police officer when it
    has none), with the sender as reply-to. Their addresses never reach the sender."""
    bin_ = get_object_or_404(BIN.objects.public(), slug=slug)
    recipients = bin_contacts(bin_)
    form = BINContactForm(request.POST or None)
    if request.method == "POST" and recipients and form.is_valid():
        if rate_limited(request, "bin_contact", target=form.cleaned_data["email"]):
            form.add_error(None, TOO_MANY)
        else:
            data = form.cleaned_data
            context = {
                "bin": bin_,
                "sender_name": data["name"],
                "sender_email": data["email"],
                "message": data["message"],
                "bin_url": request.build_absolute_uri(bin_.get_absolute_url()),
            }
            with transaction.atomic():  # every coordinator's copy and the confirmation, or none
                for person in recipients:
                    send_email_to_user("bin_contact", person, context, reply_to=[data["email"]])
                # The typed address may be anyone's: the confirmation carries nothing they wrote.
                send_email(
                    "bin_contact_confirmation",
                    [data["email"]],
                    {"bin": bin_},
                    language=current_language(),
                )
            messages.success(
                request,
                _("Uw bericht is verstuurd naar de coördinatoren van %(bin)s.") % {"bin": bin_},
            )
            return redirect(bin_)
    return render(
        request,
        "members/bin_contact.html",
        {"bin": bin_, "form": form, "can_be_reached": bool(recipients)},
    )


# --- Start a BIN ---------------------------------------------------------------------------


def start_request(request):
    """`/nl/bin-starten/`: stored, sent to the board members of the province, confirmed."""
    initial = {}
    if POSTCODE.match(request.GET.get("postcode", "")):
        initial["postcode"] = request.GET["postcode"]
    form = StartRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "start_request", target=form.cleaned_data["email"]):
            form.add_error(None, TOO_MANY)
        else:
            with transaction.atomic():  # the request and its e-mails, or nothing
                start = form.save()
                notify_board_of_start_request(request, start)
                send_email(
                    "start_request_confirmation",
                    [start.email],
                    {"start_request": start},
                    language=start.language,
                )
            return redirect("members:start_request_sent")
    return render(request, "members/start_request.html", {"form": form})


def start_request_sent(request):
    return render(request, "members/start_request_sent.html")


def notify_board_of_start_request(request, start):
    """E-mail the board members of the request's province; if that province has none, the whole
    board, so that no request goes unseen."""
    mandates = BoardMandate.objects.current().select_related("user")
    people = [m.user for m in mandates if m.province_id == start.province_id] or [
        m.user for m in mandates
    ]
    admin_url = request.build_absolute_uri(
        reverse("admin:members_startrequest_change", args=[start.pk])
    )
    for person in people:
        send_email_to_user(
            "start_request_board", person, {"start_request": start, "admin_url": admin_url}
        )


# --- Structure page ------------------------------------------------------------------------


FUNCTION_ORDER = list(BoardMandate.Function.values)


def structure(request):
    """`/nl/over-ons/structuur/`: the board by province and the members per province, live."""
    today = date.today()
    provinces = list(
        Province.objects.with_working_member_count(today)
        .annotate(
            joined_bin_count=Count(
                "municipalities__bins",
                filter=Q(municipalities__bins__in=BIN.objects.public().joined()),
                distinct=True,
            ),
        )
        .order_by("name_fr" if current_language() == "fr" else "name_nl")
    )
    mandates = sorted(
        BoardMandate.objects.current(today).select_related("user"),
        key=lambda m: (FUNCTION_ORDER.index(m.function), m.user.full_name),
    )
    for province in provinces:
        province.mandates = [m for m in mandates if m.province_id == province.pk]
    return render(
        request,
        "members/structure.html",
        {
            "provinces": provinces,
            "board_size": len(mandates),
            "working_member_total": sum(p.working_member_count for p in provinces),
            "joined_bin_total": sum(p.joined_bin_count for p in provinces),
            # The editable text above the live data, kept by the site's editors.
            "page_text": registry.page_text("structure"),
        },
    )


# --- Mijn BIN ------------------------------------------------------------------------------


def my_bins_context(user):
    """The person's BINs with their roles, for `members/includes/my_bins.html` (also used by the
    personal dashboard). One query."""
    grouped = {}
    for role in managing_roles(user):
        entry = grouped.setdefault(role.bin_id, {"bin": role.bin, "roles": []})
        entry["roles"].append(role)
    return {"my_bins": list(grouped.values())}


@login_required
def my_bins(request):
    return render(request, "members/my_bins.html", my_bins_context(request.user))


@login_required
def manage_bin(request, slug):
    """The BIN's overview for its managers. One query: the team, the BIN, and the BIN's
    recognition, latest charter and latest membership application as annotations."""
    of_bin = {"bin": OuterRef("bin")}
    charters = Charter.objects.filter(**of_bin)
    roles = BINRole.objects.annotate(
        bin_recognised=Exists(charters.filter(acknowledged_on__isnull=False)),
        latest_charter_signed_on=Subquery(charters.order_by("-signed_on").values("signed_on")[:1]),
        latest_application_status=Subquery(
            MembershipApplication.objects.filter(**of_bin)
            .order_by("-created_at")
            .values("status")[:1]
        ),
    )
    bin_, mine, team = get_managed_bin_and_team_or_404(request.user, slug, roles)
    facts = mine[0]
    bin_.has_acknowledged_charter = facts.bin_recognised  # `is_recognised` without a query
    return render(
        request,
        "members/manage_bin.html",
        {
            "bin": bin_,
            "roles": mine,
            "team": team,
            "latest_charter_signed_on": facts.latest_charter_signed_on,
            "is_recognised": bin_.is_recognised,
            "application_pending": (
                facts.latest_application_status == MembershipApplication.Status.PENDING
            ),
        },
    )


@login_required
def edit_profile(request, slug):
    bin_, roles = get_managed_bin_or_404(request.user, slug)
    form = BINProfileForm(request.POST or None, request.FILES or None, instance=bin_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Het profiel van de BIN is bijgewerkt."))
        return redirect("members:manage_bin", slug=bin_.slug)
    return render(request, "members/bin_profile_form.html", {"bin": bin_, "form": form})


@login_required
def member_count(request, slug):
    bin_, roles = get_managed_bin_or_404(request.user, slug)
    form = MemberCountForm(request.POST or None, instance=bin_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Het aantal leden is bijgewerkt."))
        return redirect("members:manage_bin", slug=bin_.slug)
    return render(request, "members/member_count_form.html", {"bin": bin_, "form": form})


@login_required
@require_POST
def confirm_data(request, slug):
    """The yearly "our data is still right" step."""
    bin_, roles = get_managed_bin_or_404(request.user, slug)
    bin_.data_confirmed_on = date.today()
    bin_.save(update_fields=["data_confirmed_on"])
    messages.success(request, _("Bedankt: de gegevens van de BIN zijn bevestigd."))
    return redirect("members:manage_bin", slug=bin_.slug)


@login_required
def team(request, slug):
    """The BIN's people with a role, open invitations, and the invitation form."""
    bin_, roles, team = get_managed_bin_and_team_or_404(request.user, slug)
    form = InvitationForm(request.POST or None, bin=bin_)
    if (
        request.method == "POST"
        and form.is_valid()
        # An invitation goes to a typed address: a few per address only.
        and rate_limited(request, "bin_invitation", limit=10, target=form.cleaned_data["email"])
    ):
        form.add_error(None, TOO_MANY)
    if request.method == "POST" and form.is_valid():
        invite_co_coordinator(request, bin_, form.cleaned_data["email"])
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("members:team", slug=bin_.slug)
    return render(
        request,
        "members/team.html",
        {
            "bin": bin_,
            "form": form,
            "team": team,
            "invitations": bin_.invitations.filter(accepted_at__isnull=True),
        },
    )


@transaction.atomic  # the invitation and its e-mail, or nothing
def invite_co_coordinator(request, bin_, email):
    """(Re)send an invitation: one open invitation per address, the link valid 14 days."""
    invitation, _created = BINInvitation.objects.update_or_create(
        bin=bin_,
        email__iexact=email,
        accepted_at__isnull=True,
        defaults={"email": email, "invited_by": request.user, "created_at": timezone.now()},
    )
    token = make_token(INVITATION, {"id": invitation.pk})
    language = current_language()
    with translation.override(language):
        url = request.build_absolute_uri(reverse("members:accept_invitation", args=[token]))
    send_email(
        "bin_invitation",
        [email],
        {"bin": bin_, "inviter": request.user, "accept_url": url, "days": BINInvitation.VALID_DAYS},
        language=language,
    )
    return invitation


@login_required
@require_POST
def end_role(request, slug, pk):
    """End a co-coordinator's role; coordinators and police officers are ended by the board."""
    bin_, roles = get_managed_bin_or_404(request.user, slug)
    role = get_object_or_404(
        BINRole.objects.current().select_related("user"),
        pk=pk,
        bin=bin_,
        role=BINRole.Role.CO_COORDINATOR,
    )
    role.end_now()
    messages.success(
        request, _("%(name)s is niet langer co-coördinator.") % {"name": role.user.get_full_name()}
    )
    if role.user_id == request.user.pk and len(roles) == 1:
        return redirect("members:my_bins")
    return redirect("members:team", slug=bin_.slug)


@login_required
def accept_invitation(request, token):
    """Accepting creates the co-coordinator role. The page needs a login; someone without an
    account signs up first and comes back here through `?next=`."""
    payload = read_token(INVITATION, token, max_age_days=BINInvitation.VALID_DAYS)
    invitation = None
    if payload:
        invitation = (
            BINInvitation.objects.filter(pk=payload.get("id"))
            .select_related("bin", "invited_by")
            .first()
        )
    if invitation is None or invitation.bin.status in (BIN.Status.STOPPED, BIN.Status.MERGED):
        return render(request, "members/invitation.html", {"problem": "invalid"}, status=404)
    if invitation.accepted_at:
        return render(
            request, "members/invitation.html", {"problem": "used", "invitation": invitation}
        )
    if not request.user.has_verified_email(invitation.email):
        return render(
            request,
            "members/invitation.html",
            {"problem": "other_address", "invitation": invitation},
            status=403,
        )
    if request.method == "POST":
        with transaction.atomic():
            try:
                with transaction.atomic():
                    BINRole.objects.create(
                        user=request.user, bin=invitation.bin, role=BINRole.Role.CO_COORDINATOR
                    )
            except IntegrityError:
                pass  # already co-coordinator: accepting again changes nothing
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = request.user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
        messages.success(
            request,
            _("Welkom: u bent nu co-coördinator van %(bin)s.") % {"bin": invitation.bin},
        )
        return redirect("members:manage_bin", slug=invitation.bin.slug)
    return render(request, "members/invitation.html", {"invitation": invitation})


@login_required
def charters(request, slug):
    """The BIN's charter versions and the upload of a new one, for the board to check."""
    bin_, roles = get_managed_bin_or_404(request.user, slug)
    form = CharterForm(request.POST or None, request.FILES or None)
    form.instance.bin = bin_
    if request.method == "POST" and form.is_valid():
        charter = form.save(commit=False)
        charter.submitted_by = request.user
        charter.save()
        messages.success(request, _("Het charter is opgeladen. Het bestuur kijkt het na."))
        return redirect("members:charters", slug=bin_.slug)
    return render(
        request,
        "members/charters.html",
        {"bin": bin_, "form": form, "charters": bin_.charters.order_by("-signed_on")},
    )


@login_required
def charter_pdf(request, slug, pk):
    """A charter's PDF, for the BIN's managers and the board only."""
    charter = get_charter_or_404(request.user, slug, pk)
    if not charter.pdf:
        raise Http404("No file.")
    return private_file_response(charter.pdf, charter.filename)


@login_required
def apply_membership(request, slug):
    """A BIN asks to join the vzw as a "toegetreden lid"; the board decides in the admin."""
    bin_, roles = get_managed_bin_or_404(request.user, slug)
    pending = bin_.applications.pending().first()
    can_apply = not bin_.is_joined and pending is None
    form = MembershipApplicationForm(request.POST or None)
    if request.method == "POST" and can_apply and form.is_valid():
        application = form.save(commit=False)
        application.bin = bin_
        application.applicant = request.user
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            pass  # another manager applied a moment ago: one pending application is enough
        messages.success(
            request, _("De aanvraag is ingediend. Het bestuur laat u zijn beslissing weten.")
        )
        return redirect("members:manage_bin", slug=bin_.slug)
    return render(
        request,
        "members/membership_application.html",
        {
            "bin": bin_,
            "form": form,
            "pending": pending,
            "can_apply": can_apply,
            "decided": bin_.applications.exclude(status=MembershipApplication.Status.PENDING),
        },
    )
