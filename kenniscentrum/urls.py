from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from kenniscentrum import views

# The admin logs in through allauth, so its rate limits and second factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)

handler500 = "kenniscentrum.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
]

# Sections whose pages are still being built say so honestly until their app lands.
coming_soon = [
    (_("agenda/"), "agenda", _("Agenda")),
    (_("opleidingen/"), "courses", _("Opleidingen")),
    (_("bin/"), "bin_directory", _("BIN zoeken")),
    (_("over-ons/"), "about", _("Over ons")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("account/"), include("allauth.urls")),
    path(_("kennisbank/"), include("knowledgebase.urls")),
    path(_("feeds/"), include("knowledgebase.feed_urls")),
    *[
        path(route, views.coming_soon, {"section": section}, name=name)
        for route, name, section in coming_soon
    ],
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
