from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.admin import EventAdmin as BaseEventAdmin
from events.models import Event
from training.models import Certificate, Course, CourseInterest, CourseSession, Material, Module


class ModuleInline(admin.StackedInline):
    model = Module
    extra = 0
    fields = ["order", "title_nl", "title_fr", "description_nl", "description_fr"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["order", "title", "language", "audience", "file"]
    # A private file has no public URL for the "currently" link; the course page lists them.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}


class SessionOfCourseInline(admin.TabularInline):
    model = CourseSession
    extra = 0
    fields = ["event", "trainer", "announced_at"]
    readonly_fields = ["announced_at"]
    verbose_name_plural = _("sessies (activiteiten van de soort opleidingssessie)")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "target_group", "duration_hours", "is_published"]
    list_filter = ["target_group", "is_published"]
    search_fields = ["title_nl", "title_fr"]
    prepopulated_fields = {"slug": ["title_nl"]}
    inlines = [ModuleInline, MaterialInline, SessionOfCourseInline]


class CourseOfSessionInline(admin.StackedInline):
    """On a training session's event page: which course it belongs to and who teaches."""

    model = CourseSession
    extra = 0
    max_num = 1
    fields = ["course", "trainer"]


# A training session IS an event: edit its course link on the event's own admin page. The events
# app cannot know about courses (apps import one way), so training extends the event admin here.
admin.site.unregister(Event)


@admin.register(Event)
class EventAdmin(BaseEventAdmin):
    inlines = [CourseOfSessionInline, *BaseEventAdmin.inlines]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "participant_name", "course_title", "session_date", "issued_at"]
    search_fields = ["code", "participant_name", "course_title"]
    list_select_related = ["course"]
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CourseInterest)
class CourseInterestAdmin(admin.ModelAdmin):
    list_display = ["email", "course", "language", "created_at"]
    list_filter = ["course"]
    search_fields = ["email"]
    list_select_related = ["course"]
