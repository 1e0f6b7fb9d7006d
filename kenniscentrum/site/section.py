"""The Kenniscentrum's own part of the site-wide features: editable pages, partners and contact,
in search, sitemap, personal-data export and account deletion; the editable texts other apps
show; the site's pages in the page cache, the models of the project and its libraries that are
not content; the admin groups' permissions on the site's models; and the home page for the load
tests. The newsletter has its own entry (`kenniscentrum/newsletter/site.py`)."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.registry import BOARD, EDITORS, crud, register
from kenniscentrum.lib.sections import Group, Item, Section, SiteSitemap
from kenniscentrum.models import ContactMessage, Page

# --- search ---------------------------------------------------------------------------------


def search(request, query, limit):
    # Full-text search ignores the HTML tags of the body and matches word forms ("doelen" finds
    # "doelstellingen" only by prefix, hence the title fallback on parts of words).
    vector_nl = SearchVector("title_nl", "summary_nl", "body_nl", config="dutch")
    vector_fr = SearchVector("title_fr", "summary_fr", "body_fr", config="french")
    pages = (
        Page.objects.published()
        .annotate(vector_nl=vector_nl, vector_fr=vector_fr)
        .filter(
            Q(vector_nl=SearchQuery(query, config="dutch", search_type="websearch"))
            | Q(vector_fr=SearchQuery(query, config="french", search_type="websearch"))
            | Q(title_nl__icontains=query)
            | Q(title_fr__icontains=query)
        )
        .order_by("order", "title_nl")[:limit]
    )
    items = [
        Item(
            title=page.title,
            url=page.get_absolute_url(),
            summary=page.summary or Truncator(strip_tags(page.body)).words(30),
        )
        for page in pages
    ]
    return [Group(key="pages", title=_("Pagina's"), items=items, order=90)]


# --- sitemaps -------------------------------------------------------------------------------


class StaticSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "partners", "contact"]

    def location(self, item):
        return reverse(item)


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page):
        return page.updated_at


# --- dashboard, export and deletion ---------------------------------------------------------


def contact_messages_of(user):
    return ContactMessage.objects.filter(Q(user=user) | Q(user.verified_email_condition()))


def export(user):
    messages = contact_messages_of(user).select_related("subject")
    return {
        "contact_messages": [
            {
                "subject": m.subject.label_nl,
                "name": m.name,
                "email": m.email,
                "message": m.message,
                "language": m.language,
                "sent_at": m.created_at,
            }
            for m in messages
        ],
    }


def on_account_deletion(user):
    # Contact messages stay as a count per subject, without who sent them or what they said.
    contact_messages_of(user).anonymise()


# --- editable texts on other apps' pages ----------------------------------------------------


def page_text(key):
    """The body of the published page with this key in the current language, or nothing."""
    page = Page.objects.published().filter(key=key).first()
    if page is None or not page.body:
        return ""
    # The body was sanitised when it was saved (SanitizedHTMLField).
    body = mark_safe(page.body)
    if page.body_language != current_language():
        return format_html('<div class="page-body" lang="{}">{}</div>', page.body_language, body)
    return format_html('<div class="page-body">{}</div>', body)


# --- the page cache, the admin and the load tests -------------------------------------------

CACHED_PAGES = frozenset(
    {
        "home",
        "about",
        "objectives",
        "privacy",
        "accessibility",
        "page",
        "partners",
    }
)

# Rows that never show on a cached page, or that change with every visit or every e-mail sent.
NOT_CONTENT = frozenset(
    {
        "sessions.session",
        "admin.logentry",
        "contenttypes.contenttype",
        "auth.permission",
        "account.emailaddress",
        "account.emailconfirmation",
        "mfa.authenticator",
        "kenniscentrum.contactmessage",
    }
)

GROUP_PERMISSIONS = {
    # The board reads the contact form's messages and marks them handled, and decides where each
    # subject is routed.
    BOARD: {
        "kenniscentrum.view_contactmessage",
        "kenniscentrum.change_contactmessage",
        "kenniscentrum.view_contactsubject",
        "kenniscentrum.add_contactsubject",
        "kenniscentrum.change_contactsubject",
    },
    EDITORS: {
        *crud("kenniscentrum", "page"),
        *crud("kenniscentrum", "partner"),
    },
}


def benchmark_pages():
    return [("home", reverse("home"), None)]


register(
    Section(
        name="kenniscentrum",
        search=search,
        sitemaps={
            "static": StaticSitemap,
            "pages": PageSitemap,
        },
        export=export,
        on_account_deletion=on_account_deletion,
        page_text=page_text,
        cached_pages=CACHED_PAGES,
        not_content=NOT_CONTENT,
        group_permissions=GROUP_PERMISSIONS,
        benchmark_pages=benchmark_pages,
    )
)
