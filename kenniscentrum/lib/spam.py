"""Spam protection for every public form: a honeypot field and a per-address rate limit.

Use `SpamProtectedForm` as a mixin on the form and call `rate_limited(request, "contact")` in the
view before saving. Imports no app.
"""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

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


def client_address(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(request, action, limit=5, period=3600):
    """True when this address already did `action` `limit` times within `period` seconds.

    Counts the attempt. Uses the shared cache, so the limit holds across web processes.
    """
    key = f"ratelimit:{action}:{client_address(request)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit
