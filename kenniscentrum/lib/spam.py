"""Spam protection for every public form: a honeypot field and a per-address rate limit.

Use `SpamProtectedForm` as a mixin on the form and call `rate_limited(request, "contact")` in the
view before saving (with `target=` the address a confirmation goes to). Imports no app.
"""

import hashlib

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


def rate_limited(request, action, limit=5, period=3600, *, target=None):
    """True when this client already did `action` `limit` times within `period` seconds, or,
    given `target` (the e-mail address the form writes to), when that address already got `limit`
    messages from `action`: a spammer changing machines still cannot flood one mailbox.

    Counts the attempt. Uses the shared cache, so the limit holds across web processes.
    """
    if _count(f"{action}:client:{client_address(request) or 'unknown'}", period) > limit:
        return True
    if target:
        digest = hashlib.sha256(target.strip().lower().encode()).hexdigest()
        return _count(f"{action}:to:{digest}", period) > limit
    return False


def _count(name, period):
    key = f"ratelimit:{name}"
    cache.add(key, 0, timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        return 1
