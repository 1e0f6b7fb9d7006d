from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kenniscentrum.outbox.delivery import retry
from kenniscentrum.outbox.models import JobRun, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The stored message stays out of the admin: its body may hold a password-reset or
    # confirmation link meant for the recipient alone. Subject, addresses and status suffice to
    # follow a delivery up.
    exclude = ["message"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields if f.name != "message"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Opnieuw verzenden"), permissions=["change"])
    def send_again(self, request, queryset):
        count = retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail staat opnieuw in de wachtrij.",
                "%(count)d e-mails staan opnieuw in de wachtrij.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "period_start", "started_at", "finished_at", "succeeded"]
    readonly_fields = [f.name for f in JobRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
