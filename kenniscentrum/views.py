import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "kenniscentrum/home.html")


def coming_soon(request, section):
    """An honest page for a section of the site that is still being built."""
    return render(request, "kenniscentrum/coming_soon.html", {"section": section})


def ping(request):
    """The cheapest possible page through the full middleware stack: the benchmark's ceiling."""
    return HttpResponse("pong\n", content_type="text/plain")


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and Docker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@requires_csrf_token
def server_error(request):
    """The error page. It renders without the database: no context processors, no queries.

    When the error is the database being unreachable, the visitor gets a 503 maintenance page
    that asks to try again shortly, instead of a 500: the site recovers by itself once the
    database is back (connections are health-checked before reuse).
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
