"""allauth's hooks for this site: the client's address is the site's own reading of it."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from kenniscentrum.lib.client import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's own reading fails with a server error when X-Forwarded-For holds fewer
        # entries than there are trusted proxies; the site's helper falls back to the
        # connection's address instead, so login limits and our limits count the same client.
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine the client's address")
        return address
