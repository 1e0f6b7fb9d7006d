from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KenniscentrumConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kenniscentrum"
    verbose_name = _("Kenniscentrum")

    def ready(self):
        from django.contrib import admin

        from kenniscentrum import menus  # noqa: F401 (connects the menu cache's signals)
        from kenniscentrum.permissions import sync_group_permissions

        admin.site.site_header = _("BIN Kenniscentrum: beheer")
        admin.site.site_title = _("BIN Kenniscentrum")
        admin.site.index_title = _("Beheer van de website")
        post_migrate.connect(sync_group_permissions, sender=self)
