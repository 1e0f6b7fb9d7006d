from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.storage import serve_public_media
from kenniscentrum.site import metrics, views

# The admin logs in through allauth, so its rate limits and second factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)

handler400 = "kenniscentrum.site.views.bad_request"
handler500 = "kenniscentrum.site.views.server_error"

urlpatterns = [
    # Liveness (no database, no cache) and readiness (database and cache), outside the language
    # prefix and first, so that nothing else matches them on the way.
    path("livez", views.livez, name="livez"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # For a scraper with METRICS_TOKEN; 404 to everyone else (kenniscentrum/site/metrics.py).
    path("metrics", metrics.metrics, name="metrics"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The benchmark's ceiling: the least a request can cost through the same middleware. Here
    # and not in the load-test app, because the benchmark measures production settings.
    path("ping", views.ping, name="ping"),
]

# The site-wide pages. The "mijn/" paths are single pages, so that the members app can add its
# own pages under "mijn/bin/" beside them.
site_pages = [
    path("", views.home, name="home"),
    path(_("over-ons/"), views.PageView.as_view(key="about"), name="about"),
    path(
        _("over-ons/doelstellingen/"), views.PageView.as_view(key="objectives"), name="objectives"
    ),
    path(_("privacy/"), views.PageView.as_view(key="privacy"), name="privacy"),
    path(
        _("toegankelijkheid/"),
        views.PageView.as_view(key="accessibility"),
        name="accessibility",
    ),
    path("p/<slug:slug>/", views.PageView.as_view(), name="page"),
    path(_("partners/"), views.PartnerListView.as_view(), name="partners"),
    path(_("contact/"), views.contact, name="contact"),
    path("", include("kenniscentrum.newsletter.urls")),
    path(_("zoeken/"), views.search, name="search"),
    path(_("mijn/"), views.dashboard, name="dashboard"),
    path(_("mijn/gegevens/"), views.personal_data, name="personal_data"),
    path(
        _("mijn/gegevens/download/"),
        views.personal_data_download,
        name="personal_data_download",
    ),
]

urlpatterns += i18n_patterns(
    *site_pages,
    path(_("account/"), include("allauth.urls")),
    # BIN directory, BIN pages, start a BIN, Mijn BIN and over-ons/structuur/.
    path("", include("members.urls")),
    path("", include("events.urls")),
    path("", include("training.urls")),
    path(_("kennisbank/"), include("knowledgebase.urls")),
    path(_("feeds/"), include("knowledgebase.feed_urls")),
)

if settings.SERVE_MEDIA:
    # Public uploads only: private files live outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT).
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", serve_public_media)]
