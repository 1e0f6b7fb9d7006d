import json
import logging
import sys
from datetime import date

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps.views import sitemap
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from kenniscentrum.lib import registry, sharedcache
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.logs import is_database_outage
from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.models import ContactMessage, Page, Partner
from kenniscentrum.site.forms import ContactForm, DeleteAccountForm, SearchForm
from kenniscentrum.site.personal_data import delete_account, export_personal_data

logger = logging.getLogger(__name__)


def home(request):
    context = {
        "groups": registry.home_groups(request),
        "figures": registry.figures(),
        "partners": list(Partner.objects.active()),
        "bin_search_url": reverse("members:bin_list"),
        "organization_json_ld": organization_json_ld(request),
    }
    return render(request, "kenniscentrum/home.html", context)


def organization_json_ld(request):
    """schema.org data about the vzw, for search engines (rendered as a data block, not script)."""
    root = request.build_absolute_uri("/").rstrip("/")
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "BIN Kenniscentrum vzw",
            "alternateName": ["BIN Kenniscentrum", "Centre de connaissances des PLP"],
            "url": request.build_absolute_uri(reverse("home")),
            "logo": f"{root}{static('img/logo.png')}",
            "description": _(
                "Het overkoepelende kenniscentrum van de buurtinformatienetwerken (BIN) in "
                "Vlaanderen, Wallonië en Brussel."
            ),
            "foundingDate": "2015-05-11",
            "areaServed": {"@type": "Country", "name": "België"},
            "knowsLanguage": ["nl", "fr"],
            "contactPoint": {
                "@type": "ContactPoint",
                "contactType": "customer support",
                "url": request.build_absolute_uri(reverse("contact")),
                "availableLanguage": ["Dutch", "French"],
            },
        },
        ensure_ascii=False,
    ).translate(JSON_IN_HTML)


# Inside <script> the text must not close the element: escape the characters that could.
JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


# --- editable pages -------------------------------------------------------------------------


class PageView(DetailView):
    """A page with a fixed address (`key` in the URL conf) or a staff-added page (`slug`)."""

    template_name = "kenniscentrum/page_detail.html"
    context_object_name = "page"
    key = None

    def get_object(self, queryset=None):
        pages = Page.objects.published()
        if self.key:
            return get_object_or_404(pages, key=self.key)
        return get_object_or_404(pages, slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        fixed = self.object.fixed_url()
        if not self.key and fixed:  # a fixed page reached by its slug: one address per page
            return redirect(fixed, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class PartnerListView(ListView):
    template_name = "kenniscentrum/partner_list.html"
    context_object_name = "partners"
    paginate_by = 60

    def get_queryset(self):
        return Partner.objects.active().order_by("kind", "order", "name")


# --- contact --------------------------------------------------------------------------------


def contact(request):
    form = ContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "contact", target=form.cleaned_data["email"]):
            form.add_error(
                None, _("U hebt al veel berichten gestuurd. Probeer het over een uur opnieuw.")
            )
        else:
            data = form.cleaned_data
            with transaction.atomic():  # the message and its e-mails, or nothing
                message = ContactMessage.objects.create(
                    subject=data["subject"],
                    name=data["name"],
                    email=data["email"],
                    message=data["message"],
                    language=current_language(),
                    user=request.user if request.user.is_authenticated else None,
                )
                message.send_notifications()
            messages.success(
                request,
                _(
                    "Bedankt voor uw bericht. U krijgt een bevestiging per e-mail; we antwoorden "
                    "zo snel mogelijk."
                ),
            )
            return redirect("contact")
    return render(request, "kenniscentrum/contact.html", {"form": form})


# --- search ---------------------------------------------------------------------------------


def search(request):
    form = SearchForm(request.GET or None)
    query = ""
    groups = []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            groups = registry.search_groups(request, query)
    return render(
        request, "kenniscentrum/search.html", {"form": form, "query": query, "groups": groups}
    )


# --- findable -------------------------------------------------------------------------------


def sitemap_xml(request):
    return sitemap(request, sitemaps=registry.sitemaps())


@require_GET
def robots_txt(request):
    """Keep crawlers out of personal pages, account pages, search results and e-mail links."""

    def parent(path):
        return path.rstrip("/").rsplit("/", 1)[0] + "/"

    disallowed = ["/admin/"]
    for code in ("nl", "fr"):
        with translation.override(code):
            disallowed += [
                reverse("dashboard"),
                parent(reverse("account_login")),
                reverse("search"),
                parent(reverse("newsletter_confirm", kwargs={"token": "t"})),
                parent(reverse("newsletter_unsubscribe", kwargs={"token": "t"})),
            ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# --- the person's own space -----------------------------------------------------------------


@login_required
def dashboard(request):
    return render(
        request, "kenniscentrum/dashboard.html", {"groups": registry.dashboard_groups(request)}
    )


@login_required
def personal_data(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, _("Uw account en uw gegevens zijn verwijderd."))
        return redirect("home")
    return render(request, "kenniscentrum/personal_data.html", {"form": form})


@never_cache
@login_required
def personal_data_download(request):
    data = export_personal_data(request.user)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    filename = f"bin-kenniscentrum-{date.today():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- technical ------------------------------------------------------------------------------


def ping(request):
    """The cheapest possible page through the full middleware stack: the benchmark's ceiling."""
    return HttpResponse("pong\n", content_type="text/plain")


@never_cache
def livez(request):
    """Liveness: 200 while this process answers requests. Touches neither the database nor the
    cache, so that an outage of either never makes a supervisor restart healthy web processes."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def healthz(request):
    """Readiness, for load balancers: 503 when the database does not answer, 200 otherwise.

    A cache that does not answer gives 200 with "cache: degraded": the site still serves without
    it (pages uncached, sessions from PostgreSQL), and since every node shares the one Redis, an
    outage of it would make every node "not ready" at once, and a load balancer would take down
    a site that still works.
    """
    cache_state = "ok" if sharedcache.reachable() else "degraded"
    if cache_state != "ok":
        logger.warning("Health check: the cache does not answer; serving without it")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        body = f"database: unavailable\ncache: {cache_state}\n"
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse(f"ok\ndatabase: ok\ncache: {cache_state}\n", content_type="text/plain")


def bad_request(request, exception):
    """The 400 page, rendered standalone: the request itself may be what is wrong (a host name the
    site does not serve), so nothing is read from it, not even by the context processors."""
    return HttpResponseBadRequest(loader.get_template("400.html").render({}))


@requires_csrf_token
def server_error(request):
    """The error page. It renders without the database: no context processors, no queries.

    When the error is the database being unreachable, the visitor gets a 503 maintenance page
    that asks to try again shortly, instead of a 500: the site recovers by itself once the
    database is back (connections are health-checked before reuse).
    """
    error = sys.exc_info()[1]
    if is_database_outage(error):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
