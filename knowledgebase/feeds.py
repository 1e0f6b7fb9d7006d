"""RSS 2.0 and Atom feeds: public, published articles in the language of the address."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from kenniscentrum.lib.i18n import current_language
from knowledgebase.models import Article, Theme

ITEMS = 30


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    author_name = "BIN Kenniscentrum"

    # One feed object serves every request: the language comes from the request's activated
    # language (the /nl/ or /fr/ prefix), never from state kept on the object.
    def articles(self):
        return (
            Article.objects.published()
            .filter(audience=Article.Audience.PUBLIC, language=current_language())
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")
        )

    def title(self):
        return _("BIN Kenniscentrum: kennisbank")

    def description(self):
        return _("Nieuwe artikels, goede praktijken en handleidingen van het BIN Kenniscentrum.")

    def link(self):
        return reverse("knowledgebase:index")

    def items(self):
        return self.articles()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.content_changed_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


class NewsFeed(ArticleFeed):
    def title(self):
        return _("BIN Kenniscentrum: nieuws")

    def description(self):
        return _("Het nieuws van het BIN Kenniscentrum.")

    def link(self):
        return reverse("knowledgebase:index") + "?kind=news"

    def items(self):
        return self.articles().news()[:ITEMS]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class ThemeFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return _("BIN Kenniscentrum: %(theme)s") % {"theme": theme.name}

    def description(self, theme):
        return _("Artikels van het BIN Kenniscentrum over %(theme)s.") % {"theme": theme.name}

    def link(self, theme):
        return theme.get_absolute_url()

    def items(self, theme):
        return self.articles().filter(themes=theme)[:ITEMS]


class AtomThemeFeed(ThemeFeed):
    feed_type = Atom1Feed
    subtitle = ThemeFeed.description
