"""Who may read, preview and submit what in the knowledge base: the one place for these rules.

- Public articles and documents: everyone.
- Members-only: a logged-in person with a current BIN role (or a working member, see
  `members.access.is_member`). Others see an article as a teaser ("log in to read"): its title and
  summary, in lists, search snippets and hits alike (see `knowledgebase.search`), and never the
  file of a members-only document.
- Staff-only: staff with a second factor. Everyone else gets 404, also in lists.
- Unpublished articles: only people who may change articles (the editors), as a preview.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property

from knowledgebase.models import (
    Article,
    Audience,
    Document,
    listed_audiences,
    readable_audiences,
)
from members.models import BIN, BINRole


class Reader:
    """What one request's user may see; computed once per request (membership costs a query).

    Which audiences a person may read is the site's one rule, `members.access.can_see_audience`
    (through `readable_audiences`); this only remembers the answer for the request.
    """

    def __init__(self, user):
        self.user = user
        self.readable = readable_audiences(user)
        self.is_member = Audience.MEMBERS in self.readable

    @cached_property
    def can_preview(self):
        """Editors see unpublished articles (asked only for those: it costs queries)."""
        return self.user.is_authenticated and self.user.has_perm("knowledgebase.change_article")

    @property
    def listed(self):
        """Audiences shown in lists: members-only items appear to everyone, as teasers."""
        return listed_audiences(self.readable)

    def can_read(self, item):
        return item.audience in self.readable

    @property
    def reads_restricted(self):
        """Whether pages for this reader may hold text that not everyone may read."""
        return self.readable != [Audience.PUBLIC]


def keep_private(request, response):
    """A page that may hold text not everyone may read is never stored by a shared cache (a
    proxy, the site's own page cache)."""
    if reader(request).reads_restricted:
        patch_cache_control(response, private=True)
    return response


def reader(request):
    if not hasattr(request, "_kb_reader"):
        request._kb_reader = Reader(request.user)
    return request._kb_reader


def get_article_for_reader(request, slug):
    """The article at `slug` and whether the reader may read it in full.

    Unpublished articles exist only for editors (a preview); staff-only articles only for staff.
    Everyone else gets 404.
    """
    who = reader(request)
    article = get_object_or_404(
        Article.objects.select_related("bin", "province")
        .prefetch_related("themes")
        .defer("body_text", "search_vector", "teaser_vector"),  # for search only
        slug=slug,
    )
    if not article.is_published and not who.can_preview:
        raise Http404
    if article.audience not in who.listed:
        raise Http404
    return article, who.can_read(article)


def get_document_for_reader(request, name):
    """The document stored as `name`, or: a login redirect for an anonymous visitor asking for a
    members-only file, 404 for everyone else who may not have it."""
    document = get_object_or_404(Document, file=name)
    who = reader(request)
    if who.can_read(document):
        return document, None
    if document.audience == Audience.MEMBERS and not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    raise Http404


def can_submit(user):
    """Coordinators, co-coordinators and police officers of a BIN may submit a good practice."""
    return submitter_bins(user).exists()


def submitter_bins(user):
    if not user.is_authenticated:
        return BIN.objects.none()
    roles = BINRole.objects.current().managing().filter(user=user)
    return BIN.objects.filter(pk__in=roles.values("bin_id")).select_related("municipality")
