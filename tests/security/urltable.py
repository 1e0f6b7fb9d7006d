"""Who may use each URL of the site: one row per URL name, read by the access matrix and the URL
walk. A URL name missing here fails the suite (test_access_matrix), so a new page cannot ship
without a declared rule.

Rules (the personas are those of tests/personas.py):

- public: everyone.
- login: any logged-in person; anonymous visitors are sent to the login page.
- bin-manager: the managers (coordinator, police officer) of the BIN; 404 for everyone else.
- bin-role: the managers of any BIN.
- members-audience: members (a BIN role or a working membership) and staff with a second factor.
- staff-audience: staff with a second factor; 404 for everyone else.
- event-manager: staff who may change registrations, with a second factor.
- event-viewer: staff who may view events, with a second factor (drafts).
- charter-reader: the BIN's managers, and staff who may view charters, with a second factor.
- certificate-owner: the person certified, and staff who may view certificates, with a second
  factor.
- owner: the person the object belongs to (their registration).
- invitation: the person whose verified address the invitation went to.
- token: whoever holds the signed link from the e-mail.
- account: allauth's own pages (login, sign-up, password, two-step verification).
- admin: the Django admin: staff only, and only with a second factor.
- metrics-token: only a scraper sending the METRICS_TOKEN bearer token; 404 for every persona.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Entry:
    rule: str
    # The URL's parameters for a real object in the `world` fixture (tests/security/conftest.py).
    values: object = field(default=lambda w: {})
    # Views that only accept POST are checked with a POST.
    method: str = "GET"
    # What a POST sends, where an empty form would not reach the rule.
    data: object = field(default=lambda w: {})


def _bin(w):
    return {"slug": w.bin_a.slug}


def _event(w):
    return {"slug": w.event.slug}


def _course(w):
    return {"slug": w.course.slug}


def _theme(w):
    return {"slug": w.theme.slug}


def _token(name):
    return lambda w: {"token": getattr(w.tokens, name)}


PUBLIC = Entry("public")

TABLE = {
    # Outside the language prefix.
    "livez": PUBLIC,
    "healthz": PUBLIC,
    "metrics": Entry("metrics-token"),
    "ping": PUBLIC,
    "sitemap": PUBLIC,
    "robots_txt": PUBLIC,
    # Site-wide pages.
    "home": PUBLIC,
    "about": PUBLIC,
    "objectives": PUBLIC,
    "privacy": PUBLIC,
    "accessibility": PUBLIC,
    "page": Entry("public", lambda w: {"slug": w.page.slug}),
    "partners": PUBLIC,
    "contact": PUBLIC,
    "newsletter": PUBLIC,
    "newsletter_pending": PUBLIC,
    "newsletter_confirm": Entry("token", _token("newsletter_confirm")),
    "newsletter_unsubscribe": Entry("token", _token("newsletter_unsubscribe")),
    "newsletter_archive": PUBLIC,
    "newsletter_issue": Entry("public", lambda w: {"pk": w.issue.pk}),
    "search": PUBLIC,
    "dashboard": Entry("login"),
    "personal_data": Entry("login"),
    "personal_data_download": Entry("login"),
    # Members: the BIN directory, start a BIN, Mijn BIN.
    "members:bin_list": PUBLIC,
    "members:bin_detail": Entry("public", _bin),
    "members:bin_contact": Entry("public", _bin),
    "members:start_request": PUBLIC,
    "members:start_request_sent": PUBLIC,
    "members:structure": PUBLIC,
    "members:my_bins": Entry("login"),
    "members:accept_invitation": Entry("invitation", _token("invitation")),
    "members:manage_bin": Entry("bin-manager", _bin),
    "members:edit_profile": Entry("bin-manager", _bin),
    "members:member_count": Entry("bin-manager", _bin),
    "members:confirm_data": Entry("bin-manager", _bin, method="POST"),
    "members:team": Entry("bin-manager", _bin),
    "members:end_role": Entry(
        "bin-manager", lambda w: {**_bin(w), "pk": w.co_coordinator.pk}, method="POST"
    ),
    "members:charters": Entry("bin-manager", _bin),
    "members:charter_pdf": Entry("charter-reader", lambda w: {**_bin(w), "pk": w.charter.pk}),
    "members:apply_membership": Entry("bin-manager", _bin),
    # Events.
    "events:list": PUBLIC,
    "events:archive": PUBLIC,
    "events:feed": PUBLIC,
    "events:my_registrations": Entry("login"),
    "events:cancel_mine": Entry("owner", lambda w: {"pk": w.registration.pk}, method="POST"),
    "events:confirm": Entry("token", _token("event_confirm")),
    "events:cancel": Entry("token", _token("event_cancel")),
    "events:private_feed": Entry("token", _token("feed")),
    # Renews the logged-in person's own calendar link; it takes no object, so no one else's.
    "events:renew_feed": Entry("login", method="POST"),
    "events:detail": Entry("event-viewer", lambda w: {"slug": w.draft_event.slug}),
    "events:register": Entry("public", _event, method="POST"),
    "events:ics": Entry("public", _event),
    "events:attendance": Entry(
        "event-manager", _event, data=lambda w: {"registration": w.seated.pk, "attended": "1"}
    ),
    "events:participants_csv": Entry("event-manager", _event),
    "events:email_participants": Entry("event-manager", _event),
    # Training.
    "training:course_list": PUBLIC,
    "training:course_detail": Entry("public", _course),
    "training:interest": Entry("public", _course, method="POST"),
    "training:interest_confirm": Entry("token", _token("interest_confirm")),
    "training:interest_unsubscribe": Entry("token", _token("interest_unsubscribe")),
    "training:material": Entry("members-audience", lambda w: {"pk": w.material.pk}),
    "training:certificate_lookup": PUBLIC,
    "training:certificate_verify": Entry("public", lambda w: {"code": w.certificate.code}),
    "training:certificate_pdf": Entry("certificate-owner", lambda w: {"code": w.certificate.code}),
    # Knowledge base and its feeds.
    "knowledgebase:index": PUBLIC,
    "knowledgebase:theme": Entry("public", _theme),
    "knowledgebase:submit": Entry("bin-role"),
    "knowledgebase:documents": PUBLIC,
    "knowledgebase:document_file": Entry(
        "staff-audience", lambda w: {"name": w.staff_document.file.name}
    ),
    "knowledgebase:article": Entry("staff-audience", lambda w: {"slug": w.staff_article.slug}),
    "knowledgebase_feeds:articles_rss": PUBLIC,
    "knowledgebase_feeds:articles_atom": PUBLIC,
    "knowledgebase_feeds:news_rss": PUBLIC,
    "knowledgebase_feeds:news_atom": PUBLIC,
    "knowledgebase_feeds:theme_rss": Entry("public", _theme),
    "knowledgebase_feeds:theme_atom": Entry("public", _theme),
    # The admin: its login and logout are allauth's flow. This project's own admin pages are
    # declared one by one (the generated ones follow ADMIN_GENERATED).
    "admin:login": Entry("account"),
    "admin:logout": Entry("account", method="POST"),
    "admin:view_on_site": Entry("admin", lambda w: _view_on_site(w)),
    "admin:members_bin_figures": Entry("admin"),
    "admin:knowledgebase_article_versions": Entry("admin", lambda w: {"pk": w.article.pk}),
    "admin:knowledgebase_article_version": Entry(
        "admin", lambda w: {"pk": w.article.pk, "version_pk": 1}
    ),
    "admin:knowledgebase_article_translate": Entry("admin", lambda w: {"pk": w.article.pk}),
    "admin:newsletter_newsletterissue_preview": Entry("admin", lambda w: {"pk": w.issue.pk}),
}

# allauth's pages: they keep their own rules (login, e-mail verification, reauthentication).
ALLAUTH_NAMES = re.compile(r"^(account|mfa)_\w+$")

# Pages that Django's admin generates for every registered model and for the site itself.
ADMIN_GENERATED = re.compile(
    r"^admin:(\w+_(changelist|add|history|delete|change)|index|login|logout|password_change"
    r"|password_change_done|autocomplete|jsi18n|view_on_site|app_list|auth_user_password_change)$"
)
UNNAMED_ADMIN = re.compile(r"^/admin/")

# The development media server (only with DEBUG): public media, never private files.
DEV_MEDIA = "/media/{path}"


def entry_for(route):
    """The declared rule of a route, or None when it has none."""
    if route.name in TABLE:
        return TABLE[route.name]
    if ALLAUTH_NAMES.match(route.name):
        return Entry("account")
    if ADMIN_GENERATED.match(route.name) or UNNAMED_ADMIN.match(route.name):
        return Entry("admin", _admin_values(route))
    if route.name == DEV_MEDIA:
        return Entry("public", lambda w: {"path": w.partner.logo.name})
    return None


def _admin_values(route):
    """Values for a generated admin URL: an existing object of the model the URL is about."""

    def values(w):
        found = {}
        model = _admin_model(route.template)
        for param in route.params:
            if param == "object_id" and model is not None:
                obj = model.objects.order_by("pk").first()
                found[param] = obj.pk if obj else 1
            elif param == "id":
                found[param] = w.citizen.pk
            elif param == "app_label":
                found[param] = "members"
            elif param == "url":  # the catch-all: adds the missing slash
                found[param] = "members/bin"
        return found

    return values


def _view_on_site(w):
    return {
        "content_type_id": ContentType.objects.get_for_model(w.bin_a).pk,
        "object_id": w.bin_a.pk,
    }


def _admin_model(template):
    match = re.match(r"^/admin/(\w+)/(\w+)/", template)
    if not match:
        return None
    try:
        return apps.get_model(*match.groups())
    except LookupError:
        return None


def values_for(route, world):
    """Real values for every parameter of `route`; {} when the route has none."""
    entry = entry_for(route)
    found = entry.values(world) if entry else {}
    # Allauth's keys and other parameters without a world object get a harmless value.
    return {param: found.get(param, "onbekend") for param in route.params}
