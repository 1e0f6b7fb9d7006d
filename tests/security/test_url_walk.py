"""No input gives a 500: every URL pattern of the URLconf, walked with odd values.

Each parameter of each route, under /nl/ and /fr/ and in the admin, gets each odd value (the
others keep the values of real objects, so that deeper code runs), by GET, and by POST where
the view takes only POST; each route also gets odd query and form values. Anonymous, as a
citizen, as the coordinator of a BIN (who reaches the Mijn BIN forms) and as a superuser (who
reaches every admin page). A new URL is walked without being
named here.
"""

import logging

import pytest
from django.test import Client

from tests.security.routes import all_routes
from tests.security.urltable import values_for

pytestmark = pytest.mark.django_db

# Written as they appear in a URL: the test client decodes %XX like a web server does.
ODD_PATH_VALUES = [
    "%00",
    "%FF%FE",  # invalid UTF-8
    "%C0%AF",  # overlong UTF-8 for "/"
    "x" * 5000,
    "-1",
    "2147483648",  # beyond a 32-bit integer
    "9" * 40,  # beyond any integer column
    "..%2F..%2Fsettings.py",
    "private/../x",
]
# The admin's generated pages all run the same code: fewer values keep the walk fast.
ADMIN_PATH_VALUES = ["%00", "%FF%FE", "x" * 5000, "9" * 40, "..%2F..%2Fsettings.py"]

# Odd values for query strings and form fields, given in turn to the fields below.
MIX_VALUES = ["%FF%FE", "x" * 5000, "-1", "9" * 40, "%C0%AF", "abc", "..%2F", "%0A"]
FIELDS = [
    "q",
    "page",
    "email",
    "name",
    "full_name",
    "message",
    "subject",
    "registration",
    "attended",
    "pk",
    "code",
    "province",
    "type",
    "theme",
    "kind",
    "language",
    "token",
    "member_count",
    "o",
    "p",
    "_selected_action",
    "action",
]


def odd_fields():
    """URL-encoded field strings: NUL everywhere, then every other odd value somewhere."""
    yield "&".join(f"{name}=%00" for name in FIELDS)
    yield "&".join(f"{name}={MIX_VALUES[i % len(MIX_VALUES)]}" for i, name in enumerate(FIELDS))


def is_admin(route):
    return route.template.startswith("/admin/")


def path_values(route):
    return ADMIN_PATH_VALUES if is_admin(route) else ODD_PATH_VALUES


def routes_for(user):
    """Every route; the admin's pages beyond its login only for staff (they send everyone else
    to the login page before reading anything)."""
    staff = user is not None and user.is_staff
    return [
        route
        for route in all_routes()
        if staff or not is_admin(route) or route.name in ("admin:index", "admin:login")
    ]


def walk(client, route, world):
    """Every odd request for `route`: (method, path, response)."""
    real = values_for(route, world)
    path = route.path(**real)
    for fields in odd_fields():
        yield "GET", path, client.get(f"{path}?{fields}")
        yield "POST", path, client.post(path, fields, "application/x-www-form-urlencoded")
    for param in route.params:
        for value in path_values(route):
            odd = route.path(**{**real, param: value})
            response = client.get(odd)
            yield "GET", odd, response
            if response.status_code == 405:  # a view that only takes POST
                yield "POST", odd, client.post(odd, {"registration": "1"})


def failures(client, world, user):
    found = []
    for route in routes_for(user):
        if user is not None:  # a route may have logged the person out
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for method, path, response in walk(client, route, world):
            if response.status_code >= 500:
                found.append(f"{method} {path[:120]} -> {response.status_code} ({route.name})")
    return found


@pytest.fixture
def quiet_log():
    """Thousands of expected 404s would flood the output; a 500 is reported by the assertion."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.parametrize("persona", ["anonymous", "citizen", "coordinator_a", "superuser"])
def test_no_url_answers_a_server_error(persona, world, request, quiet_log):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    found = failures(Client(raise_request_exception=False), world, user)
    assert not found, f"{len(found)} requests answered a server error:\n" + "\n".join(found[:60])
