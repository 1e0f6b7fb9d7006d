"""Signed, expiring links for "confirm", "cancel", "unsubscribe" and invitations.

A link carries a small signed payload, so it works from an e-mail without logging in, and it cannot
be forged or reused for another purpose: each purpose has its own salt. Imports no app.
"""

from django.core import signing

DAY = 24 * 60 * 60


def make_token(purpose, payload):
    """A URL-safe token for `payload` (JSON-serialisable) that only `purpose` accepts."""
    return signing.dumps(payload, salt=f"kenniscentrum.{purpose}", compress=True)


def read_token(purpose, token, max_age_days=None):
    """The payload of a valid token, or None when it is forged, for another purpose or expired."""
    max_age = max_age_days * DAY if max_age_days is not None else None
    try:
        return signing.loads(token, salt=f"kenniscentrum.{purpose}", max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
