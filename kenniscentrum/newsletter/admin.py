from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kenniscentrum.lib.html import HTML_TEXTAREA
from kenniscentrum.newsletter import mailing
from kenniscentrum.newsletter.models import (
    NewsletterConsent,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterItem,
    NewsletterSubscriber,
)


class NewsletterConsentInline(admin.TabularInline):
    model = NewsletterConsent
    extra = 0
    can_delete = False
    fields = ["at", "action", "language", "text", "ip_address"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "topics", "status", "confirmed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    readonly_fields = ["status", "created_at", "confirmed_at", "unsubscribed_at"]
    inlines = [NewsletterConsentInline]

    def has_add_permission(self, request):
        return False  # only a person can subscribe, through the double opt-in


class NewsletterItemInline(admin.StackedInline):
    model = NewsletterItem
    extra = 1
    fields = ["event", ("title", "order"), "url", "summary"]
    autocomplete_fields = ["event"]

    def _editable(self, obj):
        return obj is None or obj.status == NewsletterIssue.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "language", "status", "delivered", "queued_at", "sent_at", "preview"]
    list_filter = ["status", "language"]
    search_fields = ["subject"]
    inlines = [NewsletterItemInline]
    formfield_overrides = HTML_TEXTAREA
    actions = ["send_test_to_me", "queue_for_sending"]
    fields = [
        "language",
        "subject",
        "topics",
        "introduction",
        "status",
        "queued_at",
        "sent_at",
        "preview",
    ]
    FIXED = ["status", "queued_at", "sent_at", "preview"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                deliveries_total=Count("deliveries"),
                deliveries_sent=Count(
                    "deliveries", filter=Q(deliveries__status=NewsletterDelivery.Status.SENT)
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != NewsletterIssue.Status.DRAFT:
            return self.fields  # what went out must stay as it was
        return self.FIXED

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            return forms.TypedMultipleChoiceField(
                choices=db_field.base_field.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=db_field.verbose_name,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("verzonden aan"))
    def delivered(self, issue):
        total = getattr(issue, "deliveries_total", None)
        if not total:
            return "–"
        return f"{issue.deliveries_sent} / {total}"

    @admin.display(description=_("voorbeeld"))
    def preview(self, issue):
        if not issue.pk:
            return "–"
        url = reverse("admin:newsletter_newsletterissue_preview", args=[issue.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Voorbeeld bekijken"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_newsletterissue_preview",
            ),
            *super().get_urls(),
        ]

    @csp_update({"style-src": ["'unsafe-inline'"]})
    def preview_view(self, request, pk):
        """The issue exactly as the HTML e-mail will look (its inline styles are e-mail's way)."""
        issue = get_object_or_404(NewsletterIssue, pk=pk)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        with translation.override(issue.language):
            html = render_to_string(
                "emails/newsletter_issue_body.html",
                mailing.issue_context(issue, list(issue.items.all()), "#"),
            )
        context = {
            **self.admin_site.each_context(request),
            "issue": issue,
            "html": html,
            "opts": self.model._meta,
            "title": _("Voorbeeld"),
        }
        return TemplateResponse(request, "admin/newsletter/newsletterissue/preview.html", context)

    @admin.action(description=_("Stuur een test naar mijzelf"))
    def send_test_to_me(self, request, queryset):
        for issue in queryset:
            mailing.send_test(issue, request.user.email)
        self.message_user(
            request,
            ngettext(
                "%(count)d testbericht verzonden naar %(email)s.",
                "%(count)d testberichten verzonden naar %(email)s.",
                queryset.count(),
            )
            % {"count": queryset.count(), "email": request.user.email},
            messages.SUCCESS,
        )

    @admin.action(description=_("Verzenden naar de abonnees"), permissions=["change"])
    def queue_for_sending(self, request, queryset):
        drafts = [i for i in queryset if i.status == NewsletterIssue.Status.DRAFT]
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Nieuwsbrieven verzenden"),
                "issues": [(i, i.recipients().count()) for i in drafts],
                "skipped": [i for i in queryset if i not in drafts],
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/newsletter/newsletterissue/queue_confirmation.html", context
            )
        queued = sum(1 for issue in drafts if issue.queue())
        self.message_user(
            request,
            ngettext(
                "%(count)d nieuwsbrief staat klaar voor de volgende verzendronde.",
                "%(count)d nieuwsbrieven staan klaar voor de volgende verzendronde.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
        return None
