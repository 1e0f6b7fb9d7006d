"""The newsletter's part of the site-wide features: its pages and sent issues in the sitemap, the
subscription on the dashboard, in the personal-data export and in account deletion; its public
pages in the page cache, its rows that are not content, and the admin groups' permissions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.registry import EDITORS, crud, register
from kenniscentrum.lib.sections import Group, Item, Section, SiteSitemap
from kenniscentrum.newsletter.models import NewsletterIssue, NewsletterSubscriber, Topic

# --- sitemaps -------------------------------------------------------------------------------


class NewsletterPagesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["newsletter", "newsletter_archive"]

    def location(self, item):
        return reverse(item)


class NewsletterIssueSitemap(SiteSitemap):
    def items(self):
        return NewsletterIssue.objects.sent().order_by("pk")

    def get_languages_for_item(self, issue):
        # An issue is written in one language; its page under the other prefix redirects.
        return [issue.language]

    def lastmod(self, issue):
        return issue.sent_at


# --- dashboard, export and deletion ---------------------------------------------------------


def subscriptions_of(user):
    # The newsletter knows people by address only: their confirmed addresses, never another.
    return NewsletterSubscriber.objects.filter(user.verified_email_condition())


def dashboard(request):
    subscriber = subscriptions_of(request.user).filter(status="confirmed").first()
    items = []
    if subscriber:
        topics = ", ".join(str(Topic(t).label) for t in subscriber.topics)
        items.append(
            Item(
                title=_("U bent ingeschreven op de nieuwsbrief"),
                meta=f"{subscriber.email} · {subscriber.get_language_display()} · {topics}",
            )
        )
    return [
        Group(
            key="newsletter",
            title=_("Nieuwsbrief"),
            items=items,
            order=90,
            more_url=reverse("newsletter"),
            more_label=_("Inschrijving wijzigen") if subscriber else _("Inschrijven"),
            empty_text=_("U bent niet ingeschreven op de nieuwsbrief."),
        )
    ]


def export(user):
    subscribers = subscriptions_of(user).prefetch_related("consents", "deliveries__issue")
    return {
        "newsletter_subscriptions": [
            {
                "email": s.email,
                "language": s.language,
                "topics": s.topics,
                "status": s.status,
                "created_at": s.created_at,
                "confirmed_at": s.confirmed_at,
                "unsubscribed_at": s.unsubscribed_at,
                "consents": [
                    {
                        "action": c.action,
                        "at": c.at,
                        "text": c.text,
                        "language": c.language,
                        "ip_address": c.ip_address,
                    }
                    for c in s.consents.all()
                ],
                "newsletters_received": [
                    {"subject": d.issue.subject, "status": d.status, "sent_at": d.sent_at}
                    for d in s.deliveries.all()
                ],
            }
            for s in subscribers
        ],
    }


def on_account_deletion(user):
    # A subscription is the person's own: it goes, with its consent records and deliveries.
    subscriptions_of(user).delete()


# --- the page cache and the admin -----------------------------------------------------------

CACHED_PAGES = frozenset({"newsletter_archive", "newsletter_issue"})

# Rows that change with every subscription or every e-mail sent, and never show on a cached page.
NOT_CONTENT = frozenset(
    {
        "newsletter.newslettersubscriber",
        "newsletter.newsletterconsent",
        "newsletter.newsletterdelivery",
    }
)

GROUP_PERMISSIONS = {
    EDITORS: {
        *crud("newsletter", "newsletterissue"),
        *crud("newsletter", "newsletteritem"),
        "newsletter.view_newslettersubscriber",
    },
}


register(
    Section(
        name="newsletter",
        sitemaps={"newsletter": NewsletterPagesSitemap, "newsletters": NewsletterIssueSitemap},
        dashboard=dashboard,
        export=export,
        on_account_deletion=on_account_deletion,
        cached_pages=CACHED_PAGES,
        not_content=NOT_CONTENT,
        group_permissions=GROUP_PERMISSIONS,
    )
)
