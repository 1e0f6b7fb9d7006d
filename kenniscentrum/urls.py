from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
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
    (_("over-ons/"), "about", _("Over ons")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("account/"), include("allauth.urls")),
    # BIN directory, BIN pages, start a BIN, Mijn BIN and over-ons/structuur/ (before over-ons/).
    path("", include("members.urls")),
    path("", include("events.urls")),
    path("", include("training.urls")),
    path(_("kennisbank/"), include("knowledgebase.urls")),
    path(_("feeds/"), include("knowledgebase.feed_urls")),
    *[
        path(route, views.coming_soon, {"section": section}, name=name)
        for route, name, section in coming_soon
    ],
)

if settings.DEBUG:
    # Private files (MEDIA_ROOT/private) are served only through views that check permission.
    urlpatterns += [
        re_path(r"^media/(?P<path>(?!private/).+)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]
