"""Spam protection for every public form: a honeypot field and a per-address rate limit.

Use `SpamProtectedForm` as a mixin on the form and call `rate_limited(request, "contact")` in the
view before saving (with `target=` the address a confirmation goes to). Imports no app.
"""

import hashlib
from email.errors import HeaderParseError
from email.headerregistry import Address

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.client import client_address

HONEYPOT_FIELD = "website_url"


class SpamProtectedForm(forms.Form):
    """Adds a field people never see (hidden by CSS and from screen readers) that bots fill in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Laat dit veld leeg"),
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot"}
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Uw bericht kon niet worden verzonden."), code="spam")
        return cleaned


# However many forms write to one mailbox, it gets at most this many messages an hour from them.
MAILBOX_LIMIT = 10


def rate_limited(request, action, limit=5, period=3600, *, target=None):
    """True when this client already did `action` `limit` times within `period` seconds, or,
    given `target` (the e-mail address the form writes to), when that mailbox already got `limit`
    messages from `action`, or `MAILBOX_LIMIT` from all the site's forms together: a spammer
    changing machines, forms or spellings of the address still cannot flood one mailbox.

    Counts the attempt. Uses the shared cache, so the limit holds across web processes; while
    that cache cannot count (Redis down), the limits fail open: see `_over`.
    """
    if _over(f"{action}:client:{client_address(request) or 'unknown'}", period, limit):
        return True
    if target:
        digest = hashlib.sha256(mailbox(target).encode()).hexdigest()
        return _over(f"{action}:to:{digest}", period, limit) or _over(
            f"any:to:{digest}", period, MAILBOX_LIMIT
        )
    return False


def mailbox(address):
    """The mailbox an address reaches, whatever its spelling: `"v\\ictim"@x.be`, `Victim@X.be`
    and `victim+1@x.be` all reach `victim@x.be` (quoting, case, sub-addresses)."""
    address = address.strip()
    try:
        parsed = Address(addr_spec=address)
        local, domain = parsed.username, parsed.domain
    except (HeaderParseError, ValueError, IndexError):
        local, _at, domain = address.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}".lower()


def _over(name, period, limit):
    """Whether `name` happened more than `limit` times within `period`, this time counted.

    The one rule for the site's own limits when the shared cache cannot count (Redis down): they
    fail open. These forms are how citizens reach a BIN, register and subscribe, and a cache
    outage must not close them; the honeypot still works, what reaches a typed address carries
    nothing the visitor wrote, and the outage is short and visible ("cache: degraded" on
    /healthz). Account limits (failed logins, sign-up, password reset) are allauth's and fail
    closed; README, "Security", has the table.
    """
    count = _count(name, period)
    return count is not None and count > limit


def _count(name, period):
    """How often `name` happened within `period`, this time included; None when the cache could
    not count (a shared cache that is down answers every call with None)."""
    key = f"ratelimit:{name}"
    cache.add(key, 0, timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        return 1
