import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _

from kenniscentrum.lib import logs

access_log = logging.getLogger("kenniscentrum.access")


class RequestLogMiddleware:
    """Gives every request an id and, when the access log is on, one log line when it is done.

    The id comes from the proxy's `X-Request-ID` when a trusted proxy stands in front of the site
    (`TRUSTED_PROXY_COUNT` > 0), so the proxy's log and ours share it; otherwise (or when the
    value is malformed) a new one is made: without a proxy of ours, the header is the client's.
    It is sent back in the response's `X-Request-ID` and is on every log record of the request
    (`kenniscentrum/lib/logs.py`). First in MIDDLEWARE, so that every answer has one.

    The access line (logger `kenniscentrum.access`, on with `LOG_FORMAT=json`) holds the method,
    the path without its query string (which may carry what a visitor typed), the status, the
    duration and the user's id when the request has already loaded the user: never an address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = self.request_id(request)
        token = logs.request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if access_log.isEnabledFor(logging.INFO):
                self.log(request, response, started)
            return response
        finally:
            logs.request_id.reset(token)

    @staticmethod
    def request_id(request):
        if settings.TRUSTED_PROXY_COUNT > 0:
            given = logs.accepted_request_id(request.META.get("HTTP_X_REQUEST_ID"))
            if given:
                return given
        return logs.new_request_id()

    @staticmethod
    def log(request, response, started):
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        # Only a user the request has loaded already (AuthenticationMiddleware caches it here):
        # the log line must not cost a session query of its own.
        user = getattr(request, "_cached_user", None)
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )


class RequestGuardMiddleware:
    """Refuses input that no page can answer, before any view, form or query sees it.

    - A body larger than `REQUEST_BODY_MAX_BYTES` (the largest upload and the form around it)
      gets 413 before it is read, whatever its type; Django's own limits (settings.py) then cap
      what is parsed.
    - A NUL character in the path, the query string, a form field or a cookie gets 400:
      PostgreSQL refuses NUL in text, so such a value would end in a server error wherever it
      reaches a query (a certificate code, a document name, a session key).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.body_too_large(request):
            # Standalone and in both languages: nothing of the request has been read.
            return HttpResponse(loader.get_template("413.html").render(), status=413)
        if self.has_nul(request):
            raise BadRequest("NUL character in the request.")
        return self.get_response(request)

    @staticmethod
    def body_too_large(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False  # Django reads such a body as empty
        return length > settings.REQUEST_BODY_MAX_BYTES

    @staticmethod
    def has_nul(request):
        values = [request.path_info, *request.COOKIES.keys(), *request.COOKIES.values()]
        for data in (request.GET, form_data(request)):
            for key, items in data.lists():
                values += [key, *items]
        return any("\x00" in value for value in values)


def form_data(request):
    """The posted form fields; a body that is no valid form is the client's error (400)."""
    if request.method != "POST":
        return QueryDict()
    try:
        return request.POST
    except MultiPartParserError as error:
        raise BadRequest("Malformed form data.") from error


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
        return not user.has_staff_power
