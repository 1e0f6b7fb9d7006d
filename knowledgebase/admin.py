from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media

from knowledgebase.models import Article, ArticleVersion, Document, Theme

EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_nl"]}
    search_fields = ["name_nl", "name_fr"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "audience", "file_type", "size", "created_at"]
    list_filter = ["audience", "language", "themes", "file_type"]
    search_fields = ["title", "description"]
    filter_horizontal = ["themes"]
    readonly_fields = ["file_type", "size", "uploaded_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class TranslationState:
    MISSING = _("vertaling ontbreekt")
    OLDER = _("vertaling ouder dan deze versie")
    CURRENT = _("bijgewerkt")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "language",
        "kind",
        "status",
        "audience",
        "published_at",
        "translation_state",
        "preview",
    ]
    list_filter = ["status", "kind", "language", "themes", "audience", "featured"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["documents"]
    raw_id_fields = ["bin", "author"]
    readonly_fields = [
        "submitted_by",
        "submitter_notified_at",
        "created_at",
        "updated_at",
        "content_changed_at",
    ]
    actions = ["publish_selected", "archive_selected"]
    fieldsets = [
        (None, {"fields": ["language", "kind", "title", "slug", "summary", "body"]}),
        (
            _("Publicatie"),
            {"fields": ["status", "published_at", "audience", "featured", "themes", "author"]},
        ),
        (_("Omslagbeeld en documenten"), {"fields": ["cover_image", "cover_alt", "documents"]}),
        (
            _("Goede praktijk"),
            {
                "fields": ["problem", "approach", "result", "effort", "bin", "province"],
                "description": _("Alleen voor artikels van de soort 'goede praktijk'."),
            },
        ),
        (
            _("Vertaling en geschiedenis"),
            {
                "classes": ["collapse"],
                "fields": [
                    "translation_key",
                    "submitted_by",
                    "submitter_notified_at",
                    "created_at",
                    "updated_at",
                    "content_changed_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        twin = Article.objects.filter(translation_key=OuterRef("translation_key")).exclude(
            language=OuterRef("language")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(twin_changed_at=Subquery(twin.values("content_changed_at")[:1]))
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "published_at"]
        return fields

    def has_publish_permission(self, request):
        return request.user.has_perm("knowledgebase.publish_article")

    @admin.display(description=_("vertaling"), ordering="twin_changed_at")
    def translation_state(self, obj):
        if obj.twin_changed_at is None:
            return TranslationState.MISSING
        if obj.twin_changed_at < obj.content_changed_at:
            return TranslationState.OLDER
        return TranslationState.CURRENT

    @admin.display(description=_("voorbeeld"))
    def preview(self, obj):
        label = _("bekijken") if obj.is_published else _("voorbeeld")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description=_("Geselecteerde artikels publiceren"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        with transaction.atomic():
            for article in queryset.select_for_update():
                article.publish(editor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(n)d artikel gepubliceerd.", "%(n)d artikels gepubliceerd.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Geselecteerde artikels archiveren"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        with transaction.atomic():
            for article in queryset.select_for_update():
                article.archive(editor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(n)d artikel gearchiveerd.", "%(n)d artikels gearchiveerd.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        obj.save(editor=request.user)
        # A submitted good practice that an editor publishes: the submitter hears about it, in
        # the transaction of the admin's save.
        obj.notify_submitter()

    # The rich-text editor loads its modules through an import map, which browsers only accept
    # inline. The change form gives it (and only it) this request's CSP nonce; every other page
    # keeps a policy without any inline script. The editor also inserts one fixed <style> block
    # (its base CSS), allowed by its hash; after an upgrade of the editor that changes the block,
    # the browser blocks it again, which costs looks, not function.
    @method_decorator(csp_update({"script-src": [NONCE], "style-src": [EDITOR_STYLE_HASH]}))
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        if kwargs.get("obj") is not None:
            context["version_count"] = kwargs["obj"].versions.count()
            context["twin"] = kwargs["obj"].twin()
        return super().render_change_form(request, context, *args, **kwargs)

    # History: earlier versions, shown and restored from the admin.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/versies/", view(self.versions_view), name="knowledgebase_article_versions"
            ),
            path(
                "<int:pk>/versies/<int:version_pk>/",
                view(self.version_view),
                name="knowledgebase_article_version",
            ),
            path(
                "<int:pk>/vertalen/",
                view(self.translate_view),
                name="knowledgebase_article_translate",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk, change=False):
        article = get_object_or_404(Article, pk=pk)
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def versions_view(self, request, pk):
        article = self._article(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Eerdere versies van “%(title)s”") % {"title": article.title},
            "article": article,
            "versions": article.versions.select_related("created_by"),
        }
        return TemplateResponse(request, "admin/knowledgebase/article_versions.html", context)

    def version_view(self, request, pk, version_pk):
        article = self._article(request, pk, change=request.method == "POST")
        version = get_object_or_404(ArticleVersion, pk=version_pk, article=article)
        if request.method == "POST":
            article.restore(version, editor=request.user)
            self.log_change(
                request,
                article,
                _("Versie van %(date)s teruggezet.")
                % {"date": timezone.localtime(version.created_at).strftime("%d-%m-%Y %H:%M")},
            )
            self.message_user(
                request,
                _(
                    "De versie is teruggezet. "
                    "De tekst van daarvoor staat nu bij de eerdere versies."
                ),
                messages.SUCCESS,
            )
            return redirect("admin:knowledgebase_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Versie van “%(title)s”") % {"title": version.title},
            "article": article,
            "version": version,
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/knowledgebase/article_version.html", context)

    def translate_view(self, request, pk):
        """Create the other-language version as a draft copy, linked by the translation key."""
        article = self._article(request, pk, change=True)
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        twin = article.twin()
        if twin is None:
            twin = article.make_translation(editor=request.user)
            self.log_addition(request, twin, _("Vertaling aangemaakt."))
            self.message_user(
                request,
                _("Een ontwerp van de vertaling is aangemaakt. Vertaal de tekst."),
                messages.SUCCESS,
            )
        return redirect("admin:knowledgebase_article_change", twin.pk)
