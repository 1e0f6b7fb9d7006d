import logging

from django.db import DatabaseError, connection
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
    """The 500 page must render when the database is down: no context processors, no queries."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_path": request.path}), status=500)
