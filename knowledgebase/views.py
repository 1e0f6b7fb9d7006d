from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView

from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.mail import send_email_to_user
from kenniscentrum.lib.registry import EDITORS
from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.lib.storage import private_file_response
from knowledgebase import search
from knowledgebase.access import (
    get_article_for_reader,
    get_document_for_reader,
    keep_private,
    reader,
    submitter_bins,
)
from knowledgebase.forms import GoodPracticeForm, SearchForm
from knowledgebase.models import Article, Document, Theme, card_theme_ids, with_card_themes

# At most this many results of a list or a search are counted, ranked and paged, so that a broad
# search costs no more than a narrow one; beyond it the page says "more than 1,000" and offers the
# newest of them (see ArticleListMixin.facets).
MAX_RESULTS = 1000


class KnownCountPaginator(Paginator):
    """A paginator told the number of results, which the facet counts already hold."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


class ArticleListMixin:
    """Search, filters with counts, sorting and pagination, shared by the index and theme pages.

    Queries, whatever the number of articles: the themes, one query for every count (see
    facets(); it also gives the number of results), the page of articles and their themes; when
    there are more than MAX_RESULTS results, one more that counts the filtered ones up to it.
    """

    paginate_by = 20
    theme = None  # set by the theme page

    def get_filters(self):
        if not hasattr(self, "filters"):
            self.form = SearchForm(self.request.GET)
            self.filters = self.form.values(current_language())
            if self.theme:
                self.filters["theme"] = self.theme.slug
        return self.filters

    similar_titles = False  # set when the full-text search found nothing (see facets())

    def base_queryset(self):
        """Published articles this reader may see listed (as text or as teaser), matching q."""
        who = reader(self.request)
        queryset = Article.objects.published().for_audiences(who.listed)
        if self.get_filters()["q"]:
            queryset = queryset.search(
                self.filters["q"], who.readable, similar_titles=self.similar_titles
            )
        return queryset

    @staticmethod
    def narrow(queryset, filters, skip=()):
        """Apply every filter except those in `skip` (a facet counts over the other filters)."""
        if filters["kind"] and "kind" not in skip:
            queryset = queryset.filter(kind=filters["kind"])
        if filters["language"] != SearchForm.ALL_LANGUAGES and "language" not in skip:
            queryset = queryset.filter(language=filters["language"])
        if filters["theme"] and "theme" not in skip:
            queryset = queryset.filter(themes__slug=filters["theme"])
        return queryset

    def results(self):
        """The filtered results; past MAX_RESULTS only the newest of them."""
        capped = self.facets()["capped"]  # first: it settles whether this is the typo fallback
        queryset = self.narrow(self.base_queryset(), self.get_filters())
        # Newest first, the pages (MAX_RESULTS at most, see get_paginator) are the newest
        # already: only a ranking needs the newest picked out before it sorts.
        if capped and self.ranked():
            newest = queryset.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
            queryset = queryset.filter(pk__in=newest)
        return queryset

    def ranked(self):
        """Whether the results are sorted by relevance (else newest first)."""
        filters = self.get_filters()
        return bool(filters["q"]) and filters["sort"] == SearchForm.RELEVANCE

    def get_queryset(self):
        filters = self.get_filters()
        queryset = self.results().for_cards()
        if filters["q"]:
            languages = search.CONFIGS
            if filters["language"] != SearchForm.ALL_LANGUAGES:
                languages = [filters["language"]]
            queryset = search.with_headline(
                queryset, filters["q"], reader(self.request).readable, languages
            )
        if self.ranked():
            return queryset.order_by("-rank", "-published_at", "-pk")
        return queryset.order_by("-published_at", "-pk")

    def result_count(self):
        """The number of filtered results, up to MAX_RESULTS + 1 ("more than")."""
        if not hasattr(self, "_result_count"):
            facets = self.facets()
            self._result_count = facets["total"]
            if facets["capped"]:
                filtered = self.narrow(self.base_queryset(), self.get_filters()).order_by()
                self._result_count = filtered.values("pk")[: MAX_RESULTS + 1].count()
        return self._result_count

    def get_paginator(self, queryset, per_page, **kwargs):
        count = min(self.result_count(), MAX_RESULTS)
        return KnownCountPaginator(queryset, per_page, count=count, **kwargs)

    def facets(self):
        """Counts per kind, language and theme, each over the other filters, and the total.

        One query over the matching articles, grouped by (kind, language), counts the articles
        that pass the theme filter and, per theme, the articles of that theme; the facets and the
        total are sums over those groups. Articles are counted once, whatever their themes.
        Only the first MAX_RESULTS + 1 matches are counted: with more (`capped`), the counts
        would be partial, and the page shows the filters without them.
        """
        if hasattr(self, "_facets"):
            return self._facets
        filters = self.get_filters()
        themes = self.facet_themes()
        groups = self.count_groups(themes)
        if not groups and filters["q"] and not self.similar_titles:
            # No article matches at all: perhaps a typo. Try titles that look like the query.
            self.similar_titles = True
            groups = self.count_groups(themes)
        kinds, languages, theme_counts, total = Counter(), Counter(), Counter(), 0
        for group in groups:
            in_language = filters["language"] in (SearchForm.ALL_LANGUAGES, group["language"])
            of_kind = filters["kind"] in ("", group["kind"])
            n = group["n"]
            kinds[group["kind"]] += n if in_language else 0
            languages[group["language"]] += n if of_kind else 0
            total += n if in_language and of_kind else 0
            for theme in themes:
                theme_counts[theme] += group[f"theme_{theme.pk}"] if in_language and of_kind else 0
        self._facets = {
            "kinds": [(value, label, kinds[value]) for value, label in Article.Kind.choices],
            "languages": [
                (value, label, languages[value]) for value, label in Article.Language.choices
            ],
            "languages_total": sum(languages.values()),
            "themes": [(theme, theme_counts[theme]) for theme in themes],
            "total": total,
            "capped": sum(group["matches"] for group in groups) > MAX_RESULTS,
        }
        return self._facets

    def count_groups(self, themes):
        """Per (kind, language) of the first MAX_RESULTS + 1 matches: their number (`matches`),
        the number that pass the theme filter (`n`) and the number of each of `themes`.

        The matches are read once, each with its themes' ids, and counted as they come: no
        second pass over the articles, no join that repeats an article per theme.
        """
        first = (
            self.base_queryset()
            .order_by()
            .annotate(theme_ids=card_theme_ids())
            .values("kind", "language", "theme_ids")[: MAX_RESULTS + 1]
        )
        try:
            sql, params = first.query.sql_with_params()
        except EmptyResultSet:  # nothing can match (e.g. a query of only signs)
            return []
        counts = {"matches": "TRUE", "n": self.theme_filter_sql()}
        counts.update(
            {f"theme_{theme.pk}": f"{int(theme.pk)} = ANY(theme_ids)" for theme in themes}
        )
        columns = ", ".join(
            f"COUNT(*) FILTER (WHERE {rule}) AS {name}" for name, rule in counts.items()
        )
        with connections[first.db].cursor() as cursor:
            cursor.execute(
                f"SELECT kind, language, {columns} FROM ({sql}) AS matches GROUP BY 1, 2", params
            )
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def theme_filter_sql(self):
        """The theme filter as a condition on a match's `theme_ids` (see count_groups)."""
        slug = self.get_filters()["theme"]
        if not slug:
            return "TRUE"
        ids = [theme.pk for theme in self.all_themes() if theme.slug == slug]
        return f"{int(ids[0])} = ANY(theme_ids)" if ids else "FALSE"

    def all_themes(self):
        """Every theme, in their order: for the facets and the themes on each card."""
        if not hasattr(self, "_themes"):
            self._themes = list(Theme.objects.all())
        return self._themes

    def facet_themes(self):
        return self.all_themes()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = with_card_themes(articles, self.all_themes())
        return paginator, page, page.object_list, is_paginated

    def render_to_response(self, context, **kwargs):
        return keep_private(self.request, super().render_to_response(context, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.get_filters()
        context.update(
            form=self.form,
            filters=filters,
            similar_titles=self.similar_titles,
            facets=self.facets(),
            more_results=self.result_count() > MAX_RESULTS,
            max_results=MAX_RESULTS,
            reader=reader(self.request),
            feeds=feed_links(self.theme),
        )
        return context


def feed_links(theme=None):
    """The feeds a knowledge base page lists in its head (public articles, current language)."""
    links = [
        (_("Kennisbank (RSS)"), "application/rss+xml", reverse("knowledgebase_feeds:articles_rss")),
        (
            _("Kennisbank (Atom)"),
            "application/atom+xml",
            reverse("knowledgebase_feeds:articles_atom"),
        ),
        (_("Nieuws (RSS)"), "application/rss+xml", reverse("knowledgebase_feeds:news_rss")),
        (_("Nieuws (Atom)"), "application/atom+xml", reverse("knowledgebase_feeds:news_atom")),
    ]
    if theme:
        kwargs = {"slug": theme.slug}
        links += [
            (
                _("Thema %(name)s (RSS)") % {"name": theme.name},
                "application/rss+xml",
                reverse("knowledgebase_feeds:theme_rss", kwargs=kwargs),
            ),
            (
                _("Thema %(name)s (Atom)") % {"name": theme.name},
                "application/atom+xml",
                reverse("knowledgebase_feeds:theme_atom", kwargs=kwargs),
            ),
        ]
    return links


class ArticleIndexView(ArticleListMixin, ListView):
    """The knowledge base: a home (featured, latest, themes), or results of a search or filter."""

    def is_home(self):
        filters = self.get_filters()
        asked = {"q", "kind", "theme", "language", "page"} & self.request.GET.keys()
        return not asked and not filters["q"]

    def get_template_names(self):
        if self.is_home():
            return ["knowledgebase/home.html"]
        return ["knowledgebase/article_list.html"]

    def get(self, request, *args, **kwargs):
        if self.is_home():
            response = render(request, "knowledgebase/home.html", self.home_context())
            return keep_private(request, response)
        return super().get(request, *args, **kwargs)

    def home_context(self):
        who = reader(self.request)
        language = current_language()
        visible = Article.objects.published().for_audiences(who.listed).filter(language=language)
        themes = list(
            Theme.objects.annotate(
                article_count=Count("articles", filter=Q(articles__in=visible.values("pk")))
            )
        )
        cards = visible.for_cards()
        return {
            "form": SearchForm(),
            "featured": with_card_themes(cards.filter(featured=True)[:3], themes),
            "latest": with_card_themes(cards.filter(featured=False)[:6], themes),
            "themes": themes,
            "reader": who,
            "feeds": feed_links(),
        }


class ThemeView(ArticleListMixin, ListView):
    template_name = "knowledgebase/theme_detail.html"

    def dispatch(self, request, *args, **kwargs):
        # The theme from the list every card's themes come from: no query of its own.
        themes = {theme.slug: theme for theme in self.all_themes()}
        if kwargs["slug"] not in themes:
            raise Http404
        self.theme = themes[kwargs["slug"]]
        return super().dispatch(request, *args, **kwargs)

    def facet_themes(self):
        return []  # a theme page does not offer other themes as a filter

    def get_context_data(self, **kwargs):
        return super().get_context_data(theme=self.theme, **kwargs)


def article_detail(request, slug):
    article, readable = get_article_for_reader(request, slug)
    who = reader(request)
    twin, related = article.twin_and_related(who.listed)
    if twin and not (twin.audience in who.listed and (twin.is_published or who.can_preview)):
        twin = None
    if twin:
        # The header's language switch goes to the twin, which may have another slug.
        request.language_urls = {twin.language: twin.get_absolute_url()}
    documents = article.documents.filter(audience__in=who.listed) if readable else []
    response = render(
        request,
        "knowledgebase/article_detail.html",
        {
            "article": article,
            "readable": readable,
            "twin": twin,
            "themes": article.themes.all(),  # prefetched
            "documents": documents,
            "related": related,
            "reader": who,
            "is_preview": not article.is_published,
            "feeds": feed_links(),
        },
    )
    return keep_private(request, response)


class DocumentListView(ListView):
    """The document library: every document the reader may know about."""

    template_name = "knowledgebase/document_list.html"
    paginate_by = 30

    def get_queryset(self):
        queryset = Document.objects.for_audiences(reader(self.request).listed)
        self.language = self.request.GET.get("language", "")
        if self.language in Article.Language.values:
            queryset = queryset.filter(language=self.language)
        return queryset.prefetch_related("themes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reader=reader(self.request),
            language=self.language,
            languages=Article.Language.choices,
            **kwargs,
        )


def document_file(request, name):
    """A document's file, after checking the reader's rights (see access.py)."""
    # The name is only looked up, never joined to a path; a NUL byte would not even reach
    # the database (PostgreSQL refuses it in text).
    if "\x00" in name:
        raise Http404
    document, refusal = get_document_for_reader(request, name)
    if refusal:
        return refusal
    return private_file_response(
        document.file,
        document.filename,
        cache_control=None
        if document.audience == Document.Audience.PUBLIC
        else "private, no-store",
    )


@login_required
def submit_good_practice(request):
    bins = submitter_bins(request.user)
    if not bins.exists():
        return render(request, "knowledgebase/submit_not_allowed.html", status=403)
    form = GoodPracticeForm(
        request.POST or None,
        request.FILES or None,
        bins=bins,
        initial={"language": request.user.preferred_language or current_language()},
    )
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "kb_submit", limit=5, period=3600):
            form.add_error(None, _("U hebt net al enkele voorstellen ingestuurd. Probeer later."))
        else:
            article = create_submission(form, request.user)
            messages.success(
                request,
                _(
                    "Bedankt! De redactie bekijkt uw goede praktijk "
                    "en laat u weten wanneer ze online staat."
                ),
            )
            return redirect(reverse("knowledgebase:submit") + f"?sent={article.pk}")
    return render(
        request,
        "knowledgebase/submit.html",
        {"form": form, "sent": "sent" in request.GET},
    )


@transaction.atomic
def create_submission(form, user):
    article = form.save(commit=False)
    article.kind = Article.Kind.GOOD_PRACTICE
    article.status = Article.Status.REVIEW
    article.audience = Article.Audience.PUBLIC
    article.author = user
    article.submitted_by = user
    article.province = article.bin.municipality.province
    article.slug = Article.unique_slug(article.title, fallback="goede-praktijk")
    article.save(editor=user)
    form.save_m2m()
    if upload := form.cleaned_data.get("file"):
        document = Document.objects.create(
            title=article.title,
            file=upload,
            language=article.language,
            # Hidden until an editor has looked at it and opened it up.
            audience=Document.Audience.STAFF,
            uploaded_by=user,
        )
        article.documents.add(document)
    notify_editors(article)
    return article


def notify_editors(article):
    admin_url = settings.SITE_URL + reverse("admin:knowledgebase_article_change", args=[article.pk])
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
    for editor in editors:
        send_email_to_user(
            "kb_submission_received",
            editor,
            {"article": article, "admin_url": admin_url, "submitter": article.submitted_by},
        )
