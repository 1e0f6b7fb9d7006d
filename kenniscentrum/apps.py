from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class KenniscentrumConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kenniscentrum"
    verbose_name = _("Kenniscentrum")

    def ready(self):
        from django.contrib import admin
        from django.utils.module_loading import autodiscover_modules

        from kenniscentrum import pagecache
        from kenniscentrum.permissions import sync_group_permissions

        # Each app's part of the site-wide features (kenniscentrum/lib/registry.py), registered
        # in the order of INSTALLED_APPS; the page cache below reads it. The site's own pages
        # register theirs when `kenniscentrum.site` is first imported, so nothing of that package
        # is imported before this line: the site's section would come before the other apps'.
        autodiscover_modules("site")

        admin.site.site_header = _("BIN Kenniscentrum: beheer")
        admin.site.site_title = _("BIN Kenniscentrum")
        admin.site.index_title = _("Beheer van de website")
        # Not `sender=self`: Django sends post_migrate only for apps with a models module, and
        # this one has none, so the groups were never synchronised. Once per app is cheap, and
        # the last run sees every permission.
        post_migrate.connect(
            sync_group_permissions, dispatch_uid="kenniscentrum.sync_group_permissions"
        )
        # Migrations may change any table; the page cache's own table may not exist yet.
        pre_migrate.connect(pagecache.pause_during_migrations, dispatch_uid="pagecache.pause")
        post_migrate.connect(pagecache.resume_after_migrations, dispatch_uid="pagecache.resume")
