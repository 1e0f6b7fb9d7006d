from django.urls import path
from django.utils.translation import gettext_lazy as _

from knowledgebase import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    path(_("thema/<slug:slug>/"), views.ThemeView.as_view(), name="theme"),
    path(_("insturen/"), views.submit_good_practice, name="submit"),
    path(_("documenten/"), views.DocumentListView.as_view(), name="documents"),
    path(_("documenten/bestand/<path:name>"), views.document_file, name="document_file"),
    path("<slug:slug>/", views.article_detail, name="article"),
]
