from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events import services
from events.models import Event, Registration


class RegistrationInline(admin.TabularInline):
    """Read-only: statuses change only through the registration engine (seats, waiting list)."""

    model = Registration
    extra = 0
    can_delete = False
    fields = ["display_name", "email", "status", "queue_number", "language", "created_at"]
    readonly_fields = fields
    ordering = ["queue_number", "pk"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("naam"))
    def display_name(self, obj):
        return obj.display_name


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title_nl",
        "kind",
        "starts_at",
        "status",
        "audience",
        "capacity",
        "confirmed",
        "waitlisted",
        "pending",
    ]
    list_filter = ["status", "kind", "audience", "language", "municipality__province"]
    search_fields = ["title_nl", "title_fr", "venue_name", "address"]
    date_hierarchy = "starts_at"
    list_select_related = ["municipality"]
    prepopulated_fields = {"slug": ["title_nl"]}
    readonly_fields = ["sequence", "staff_links"]
    inlines = [RegistrationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["cancel_events"]
    fieldsets = [
        (None, {"fields": ["kind", "status", "title_nl", "title_fr", "slug", "staff_links"]}),
        (_("Inhoud"), {"fields": ["summary_nl", "summary_fr", "description_nl", "description_fr"]}),
        (
            _("Wanneer en waar"),
            {"fields": ["starts_at", "ends_at", "venue_name", "address", "municipality", "online_url"]},  # noqa: E501
        ),
        (
            _("Inschrijving"),
            {
                "fields": [
                    "language", "audience", "capacity", "registration_opens_at",
                    "registration_closes_at", "organiser", "sequence",
                ]
            },
        ),
    ]  # fmt: skip

    def get_queryset(self, request):
        # Seats and waiting list are stored on the event; only the unconfirmed are counted here.
        pending = Registration.objects.filter(event=OuterRef("pk"), status="pending")
        pending = pending.order_by().values("event").annotate(n=Count("pk")).values("n")
        return super().get_queryset(request).annotate(n_pending=Coalesce(Subquery(pending), 0))

    @admin.display(description=_("bevestigd"), ordering="seats_taken")
    def confirmed(self, obj):
        return obj.seats_taken

    @admin.display(description=_("wachtlijst"), ordering="waitlist_count")
    def waitlisted(self, obj):
        return obj.waitlist_count

    @admin.display(description=_("wacht op e-mail"), ordering="n_pending")
    def pending(self, obj):
        return obj.n_pending

    @admin.display(description=_("deelnemers"))
    def staff_links(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            obj.get_absolute_url(), _("Bekijk op de site"),
            reverse("events:attendance", args=[obj.slug]), _("Aanwezigheden"),
            reverse("events:participants_csv", args=[obj.slug]), _("CSV-export"),
            reverse("events:email_participants", args=[obj.slug]), _("E-mail aan de deelnemers"),
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        """Seats and announcements go through the registration engine."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        previous = Event.objects.get(pk=obj.pk)
        new_capacity = obj.capacity
        cancelled_now = (
            obj.status == Event.Status.CANCELLED and previous.status != Event.Status.CANCELLED
        )
        if cancelled_now:
            obj.status = previous.status  # the engine cancels and tells everyone
        obj.capacity = previous.capacity
        super().save_model(request, obj, form, change)
        if new_capacity != previous.capacity:
            promoted = services.change_capacity(obj, new_capacity)
            if promoted:
                messages.info(
                    request,
                    _("%(count)s personen van de wachtlijst kregen een plaats.")
                    % {"count": len(promoted)},
                )
        schedule_changed = Event.SCHEDULE_FIELDS & set(form.changed_data)
        if cancelled_now:
            services.announce_change(obj, cancelled=True)
            messages.info(
                request, _("De activiteit is geannuleerd; alle ingeschrevenen krijgen een e-mail.")
            )
        elif schedule_changed and obj.status == Event.Status.PUBLISHED:
            services.announce_change(obj)
            messages.info(request, _("Alle ingeschrevenen krijgen een e-mail over de wijziging."))
        obj.refresh_from_db()

    @admin.action(
        description=_("Geselecteerde activiteiten annuleren en de ingeschrevenen verwittigen")
    )
    def cancel_events(self, request, queryset):
        count = 0
        for event in queryset.exclude(status=Event.Status.CANCELLED):
            services.announce_change(event, cancelled=True)
            count += 1
        messages.info(request, _("%(count)s activiteiten geannuleerd.") % {"count": count})


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations are made and changed on the site (engine); the admin shows and exports."""

    list_display = ["display_name", "email", "event", "status", "queue_number", "created_at"]
    list_filter = ["status", "event__kind"]
    search_fields = ["name", "email", "event__title_nl"]
    list_select_related = ["event", "user"]
    readonly_fields = [f.name for f in Registration._meta.fields]
    actions = ["cancel_registrations"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("naam"))
    def display_name(self, obj):
        return obj.display_name

    @admin.action(
        description=_("Geselecteerde inschrijvingen annuleren (de wachtlijst schuift door)")
    )
    def cancel_registrations(self, request, queryset):
        for registration in queryset.select_related("event"):
            services.cancel(registration)
        messages.info(request, _("Inschrijvingen geannuleerd."))

    # Deleting frees seats: through the engine, so the waiting list moves up and the event's
    # counters follow.
    def delete_model(self, request, obj):
        services.delete_registrations(Registration.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_registrations(queryset)
