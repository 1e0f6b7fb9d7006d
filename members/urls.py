from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from members import views

app_name = "members"

directory = [
    path("", views.BINListView.as_view(), name="bin_list"),
    path("<slug:slug>/", views.BINDetailView.as_view(), name="bin_detail"),
    path(_("<slug:slug>/contact/"), views.bin_contact, name="bin_contact"),
]

mine = [
    path("", views.my_bins, name="my_bins"),
    path(_("uitnodiging/<str:token>/"), views.accept_invitation, name="accept_invitation"),
    path("<slug:slug>/", views.manage_bin, name="manage_bin"),
    path(_("<slug:slug>/profiel/"), views.edit_profile, name="edit_profile"),
    path(_("<slug:slug>/ledental/"), views.member_count, name="member_count"),
    path(_("<slug:slug>/bevestigen/"), views.confirm_data, name="confirm_data"),
    path(_("<slug:slug>/team/"), views.team, name="team"),
    path(_("<slug:slug>/team/<int:pk>/beeindigen/"), views.end_role, name="end_role"),
    path(_("<slug:slug>/charter/"), views.charters, name="charters"),
    path(_("<slug:slug>/charter/<int:pk>/pdf/"), views.charter_pdf, name="charter_pdf"),
    path(_("<slug:slug>/toetreden/"), views.apply_membership, name="apply_membership"),
]

urlpatterns = [
    path(_("bin/"), include(directory)),
    path(_("bin-starten/"), views.start_request, name="start_request"),
    path(_("bin-starten/verzonden/"), views.start_request_sent, name="start_request_sent"),
    path(_("mijn/bin/"), include(mine)),
    path(_("over-ons/structuur/"), views.structure, name="structure"),
]
