from django.urls import path
from django.utils.translation import gettext_lazy as _

from training import views

app_name = "training"

urlpatterns = [
    path(_("opleidingen/"), views.CourseListView.as_view(), name="course_list"),
    path(_("opleidingen/materiaal/<int:pk>/"), views.material, name="material"),
    path(_("opleidingen/interesse/<str:token>/"), views.interest_confirm, name="interest_confirm"),
    path(
        _("opleidingen/geen-berichten-meer/<str:token>/"),
        views.interest_unsubscribe,
        name="interest_unsubscribe",
    ),
    path(_("opleidingen/<slug:slug>/"), views.course_detail, name="course_detail"),
    path(_("opleidingen/<slug:slug>/verwittig-mij/"), views.interest, name="interest"),
    path(_("certificaat/"), views.certificate_lookup, name="certificate_lookup"),
    path(_("certificaat/<str:code>/"), views.certificate_verify, name="certificate_verify"),
    path(_("certificaat/<str:code>/pdf/"), views.certificate_pdf, name="certificate_pdf"),
]
