from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffMFARequiredMiddleware:
    """Staff must protect their account with a second factor before they may use the admin.

    The admin holds personal data of every coordinator and police officer: a stolen password alone
    must not open it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_set_up_mfa(request):
            messages.warning(
                request,
                _("Stel eerst tweestapsverificatie in; daarna kunt u het beheer gebruiken."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def must_set_up_mfa(request):
        user = request.user
        if not (request.path.startswith("/admin/") and user.is_authenticated and user.is_staff):
            return False
        if request.path.startswith(("/admin/login/", "/admin/logout/")):
            return False
        return not user.authenticator_set.exists()
