"""The address of the client, read through a configured number of trusted proxies.

`X-Forwarded-For` is a list each proxy appends to; anything to the left of what our own proxies
wrote is whatever the client chose to send. With `TRUSTED_PROXY_COUNT = n`, the client is the
n-th entry from the right; with 0 (no proxy), the header is ignored and the connection's address
is the client. Rate limits, consent records and allauth (`ALLAUTH_TRUSTED_PROXY_COUNT`) all read
the address this way. Imports no app.
"""

import ipaddress

from django.conf import settings


def valid_ip(value):
    """`value` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (ValueError, AttributeError):
        return None


def client_address(request):
    """The client's IP address; the connection's address when no trusted proxy vouches for one."""
    remote = valid_ip(request.META.get("REMOTE_ADDR", ""))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
        ]
        # Fewer entries than proxies: the request did not come through all of them.
        if len(forwarded) >= count:
            return valid_ip(forwarded[-count]) or remote
    return remote
