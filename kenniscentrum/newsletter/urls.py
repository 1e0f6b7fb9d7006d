from django.urls import path
from django.utils.translation import gettext_lazy as _

from kenniscentrum.newsletter import views

urlpatterns = [
    path(_("nieuwsbrief/"), views.newsletter_subscribe, name="newsletter"),
    path(_("nieuwsbrief/ingeschreven/"), views.newsletter_pending, name="newsletter_pending"),
    path(
        _("nieuwsbrief/bevestigen/<str:token>/"),
        views.newsletter_confirm,
        name="newsletter_confirm",
    ),
    path(
        _("nieuwsbrief/uitschrijven/<str:token>/"),
        views.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path(
        _("nieuwsbrief/archief/"),
        views.NewsletterArchiveView.as_view(),
        name="newsletter_archive",
    ),
    path(_("nieuwsbrief/<int:pk>/"), views.NewsletterIssueView.as_view(), name="newsletter_issue"),
]
