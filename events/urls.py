from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import views

app_name = "events"

urlpatterns = [
    path(_("agenda/"), views.EventListView.as_view(), name="list"),
    path(_("agenda/archief/"), views.EventArchiveView.as_view(), name="archive"),
    path(_("agenda.ics"), views.public_feed, name="feed"),
    path(_("agenda/mijn-inschrijvingen/"), views.my_registrations, name="my_registrations"),
    path(
        _("agenda/mijn-inschrijvingen/<int:pk>/annuleren/"),
        views.cancel_mine,
        name="cancel_mine",
    ),
    path(
        _("agenda/mijn-inschrijvingen/agendalink-vernieuwen/"),
        views.renew_feed,
        name="renew_feed",
    ),
    path(_("agenda/bevestigen/<str:token>/"), views.confirm, name="confirm"),
    path(_("agenda/uitschrijven/<str:token>/"), views.cancel, name="cancel"),
    path(_("agenda/persoonlijk/<str:token>.ics"), views.private_feed, name="private_feed"),
    path(_("agenda/<slug:slug>/"), views.event_detail, name="detail"),
    path(_("agenda/<slug:slug>/inschrijven/"), views.register, name="register"),
    path(_("agenda/<slug:slug>/agenda.ics"), views.event_ics, name="ics"),
    path(_("agenda/<slug:slug>/aanwezigheden/"), views.attendance, name="attendance"),
    path(_("agenda/<slug:slug>/deelnemers.csv"), views.participants_csv, name="participants_csv"),
    path(_("agenda/<slug:slug>/bericht/"), views.email_participants, name="email_participants"),
]
