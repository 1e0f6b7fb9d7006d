"""RSS 2.0 and Atom feeds of public articles, in the language of the address (/nl/ or /fr/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from knowledgebase import feeds

app_name = "knowledgebase_feeds"

urlpatterns = [
    path(_("kennisbank/rss/"), feeds.ArticleFeed(), name="articles_rss"),
    path(_("kennisbank/atom/"), feeds.AtomArticleFeed(), name="articles_atom"),
    path(_("nieuws/rss/"), feeds.NewsFeed(), name="news_rss"),
    path(_("nieuws/atom/"), feeds.AtomNewsFeed(), name="news_atom"),
    path(_("thema/<slug:slug>/rss/"), feeds.ThemeFeed(), name="theme_rss"),
    path(_("thema/<slug:slug>/atom/"), feeds.AtomThemeFeed(), name="theme_atom"),
]
