"""Signed links that work from an e-mail without logging in.

Each purpose has its own salt (see `kenniscentrum.lib.signing`): a cancel link cannot confirm, a
feed token cannot cancel. The payload is only the row's id (and, for the feed, the person's
current feed key, so that renewing the key ends the old link); the link's language is the
person's.
"""

import secrets

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from events.models import FeedKey
from kenniscentrum.lib.signing import make_token, read_token

CONFIRM = "events.confirm"
CANCEL = "events.cancel"
FEED = "events.feed"
CONFIRM_VALID_DAYS = 2  # a visitor has 48 hours to confirm their address


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _url(name, language, **kwargs):
    with override(language):
        return absolute(reverse(name, kwargs=kwargs))


def confirm_url(registration):
    token = make_token(CONFIRM, {"r": registration.pk})
    return _url("events:confirm", registration.language, token=token)


def cancel_url(registration):
    token = make_token(CANCEL, {"r": registration.pk})
    return _url("events:cancel", registration.language, token=token)


def event_url(event, language):
    return _url("events:detail", language, slug=event.slug)


def feed_url(user):
    token = make_token(FEED, {"u": user.pk, "k": FeedKey.current(user.pk)})
    return _url("events:private_feed", user.preferred_language, token=token)


def read_registration_id(purpose, token):
    """The registration id in a valid token of `purpose`, else None."""
    max_age = CONFIRM_VALID_DAYS if purpose == CONFIRM else None
    payload = read_token(purpose, token, max_age_days=max_age)
    return payload.get("r") if isinstance(payload, dict) else None


def read_feed_user_id(token):
    """The person a feed link is for, while its key is still theirs (links made before keys
    existed carry none, like a person who never renewed)."""
    payload = read_token(FEED, token)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    key = payload.get("k", "")
    if not isinstance(key, str) or not secrets.compare_digest(key, FeedKey.current(payload["u"])):
        return None
    return payload["u"]
