"""The access matrix: every URL of the URLconf has a declared rule (tests/security/urltable.py),
and each persona gets what that rule promises, on real objects.

A new URL without a rule fails `test_every_url_has_a_declared_rule`; a view that lets the wrong
persona in (or keeps the right one out) fails `test_each_persona_gets_what_the_rule_says`.
"""

from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tests.personas import PERSONAS
from tests.security.routes import all_routes
from tests.security.urltable import ADMIN_GENERATED, TABLE, entry_for, values_for

pytestmark = pytest.mark.django_db

MATRIX_PERSONAS = [*PERSONAS, "unverified_address"]

# What a response means for access.
OK = "ok"  # the page, a file, or a redirect elsewhere than a login
LOGIN = "login"  # sent to log in
ADMIN_LOGIN = "admin-login"  # sent to the admin's login
MFA = "mfa"  # sent to set up two-step verification
DENIED = "denied"  # 404 (or 403)

STAFF = {"editor", "board_member", "superuser"}
MANAGERS_OF_A = {"coordinator_a", "police_officer"}
BIN_MANAGERS = {"coordinator_a", "coordinator_b", "police_officer"}
MEMBERS = BIN_MANAGERS | STAFF


def _logged_in_else(persona, outcome):
    return LOGIN if persona == "anonymous" else outcome


# Rule -> persona -> the outcomes allowed. `None` leaves a persona unchecked (see "admin").
RULES = {
    "public": lambda p: {OK},
    "token": lambda p: {OK},
    "login": lambda p: {_logged_in_else(p, OK)},
    "owner": lambda p: {_logged_in_else(p, OK if p == "citizen" else DENIED)},
    # The invitation went to the citizen's address: only an account that verified it accepts.
    "invitation": lambda p: {_logged_in_else(p, OK if p == "citizen" else DENIED)},
    "bin-manager": lambda p: {_logged_in_else(p, OK if p in MANAGERS_OF_A else DENIED)},
    "bin-role": lambda p: {_logged_in_else(p, OK if p in BIN_MANAGERS else DENIED)},
    "charter-reader": lambda p: {
        _logged_in_else(p, OK if p in MANAGERS_OF_A | {"board_member", "superuser"} else DENIED)
    },
    "members-audience": lambda p: {_logged_in_else(p, OK if p in MEMBERS else DENIED)},
    "staff-audience": lambda p: {OK if p in STAFF else DENIED},
    "event-viewer": lambda p: {OK if p in STAFF else DENIED},
    "event-manager": lambda p: {OK if p in {"editor", "superuser"} else DENIED},
    "certificate-owner": lambda p: {OK if p in STAFF | {"citizen"} else DENIED},
    # allauth keeps its own rules (flows, reauthentication): the matrix only asks for an answer.
    "account": lambda p: {OK, LOGIN, DENIED},
    # Django's admin checks each model's permissions itself; the matrix pins who gets in at all.
    # Not a person's page: only the scraper's token opens it (tests/kenniscentrum/test_metrics.py).
    "metrics-token": lambda p: {DENIED},
    "admin": lambda p: (
        {OK, DENIED} if p in STAFF else {MFA} if p == "staff_without_mfa" else {ADMIN_LOGIN}
    ),
}


def outcome(response):
    if response.status_code in (403, 404):
        return DENIED
    if response.status_code == 400:  # a form shown again with its errors: the view ran
        return OK
    if response.status_code in (301, 302):
        try:
            name = resolve(urlsplit(response["Location"]).path).view_name
        except Resolver404:
            return OK
        return {"account_login": LOGIN, "admin:login": ADMIN_LOGIN, "mfa_activate_totp": MFA}.get(
            name, OK
        )
    if 200 <= response.status_code < 300:
        return OK
    return f"status {response.status_code}"


def matrix_routes():
    """One route per URL name: the rules are the same in every language."""
    seen, routes = set(), []
    for route in all_routes():
        if route.name not in seen:
            seen.add(route.name)
            routes.append(route)
    return routes


def test_every_url_has_a_declared_rule():
    missing = sorted({r.name for r in all_routes() if entry_for(r) is None})
    assert not missing, (
        "These URLs have no access rule; declare one in tests/security/urltable.py:\n"
        + "\n".join(missing)
    )


def test_the_table_names_only_existing_urls():
    names = {route.name for route in all_routes()}
    assert not set(TABLE) - names, f"Stale rows in urltable.TABLE: {sorted(set(TABLE) - names)}"


def test_every_rule_in_the_table_is_checked():
    assert {entry.rule for entry in TABLE.values()} <= set(RULES)


def check(client, route, world, persona):
    """What is wrong with `persona`'s access to `route`, or None. Pages are asked by GET and, as
    a form would send them, by POST (empty): a mutating view keeps the rule of its page."""
    entry = entry_for(route)
    path = route.path(**values_for(route, world))
    allowed = RULES[entry.rule](persona)
    methods = ["POST"] if entry.method == "POST" else ["GET", "POST"]
    for method in methods:
        if method == "POST":
            response = client.post(path, entry.data(world))
        else:
            response = client.get(path)
        if response.status_code == 405:  # a page without a form
            continue
        got = outcome(response)
        if got not in allowed:
            return f"{method} {path} ({route.name}, rule {entry.rule}): {got}, expected {allowed}"
    return None


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
def test_each_persona_gets_what_the_rule_says(persona, world, request):
    client = Client()
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    wrong = []
    for route in matrix_routes():
        if user is not None:  # a route may have logged the person out
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        # The admin's generated pages all run the same permission code: staff with a second
        # factor are checked on the admin's index and this project's own admin pages.
        if persona in STAFF and ADMIN_GENERATED.match(route.name) and route.name != "admin:index":
            continue
        # Each route starts from the same world: an accepted invitation or an ended role must
        # not change what the next route shows.
        with transaction.atomic():
            problem = check(client, route, world, persona)
            transaction.set_rollback(True)
        if problem:
            wrong.append(problem)
    assert not wrong, f"{persona}: {len(wrong)} URLs break their rule:\n" + "\n".join(wrong)
