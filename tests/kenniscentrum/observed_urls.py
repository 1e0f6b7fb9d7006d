"""A URLconf for the observability tests: a view that logs, a bug, and a database outage."""

import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import path


def logs_a_line(request):
    logging.getLogger("kenniscentrum.observed").warning("something worth a look")
    return HttpResponse("ok")


def raises_a_bug(request):
    raise RuntimeError("a deliberate bug")


def database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("logs/", logs_a_line),
    path("bug/", raises_a_bug),
    path("down/", database_down),
]
handler500 = "kenniscentrum.site.views.server_error"
