from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.html import HTML_TEXTAREA
from kenniscentrum.models import (
    ContactMessage,
    ContactSubject,
    Page,
    Partner,
)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "title_fr", "key", "menu", "order", "published", "updated_at"]
    list_editable = ["order", "published"]
    list_filter = ["menu", "published"]
    search_fields = ["title_nl", "title_fr", "slug"]
    prepopulated_fields = {"slug": ["title_nl"]}
    formfield_overrides = HTML_TEXTAREA
    fieldsets = [
        (None, {"fields": ["key", "slug", "menu", "order", "published"]}),
        (_("Nederlands"), {"fields": ["title_nl", "summary_nl", "body_nl"]}),
        (_("Frans"), {"fields": ["title_fr", "summary_fr", "body_fr"]}),
        (_("Beeld"), {"fields": ["cover", "cover_alt"]}),
    ]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "has_logo", "url", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]

    @admin.display(boolean=True, description=_("logo"))
    def has_logo(self, partner):
        return bool(partner.logo)


@admin.register(ContactSubject)
class ContactSubjectAdmin(admin.ModelAdmin):
    list_display = ["label_nl", "label_fr", "recipient", "recipient_language", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "name", "email", "language", "handled"]
    list_filter = ["handled", "subject", "language"]
    list_select_related = ["subject"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    fields = ["created_at", "subject", "name", "email", "language", "message", "user", "handled"]
    readonly_fields = ["created_at", "subject", "name", "email", "language", "message", "user"]

    def has_add_permission(self, request):
        return False  # messages come from the contact form only
