"""Small helpers about requests: the address a request came from."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from.

    By default the address the server saw (``REMOTE_ADDR``). Behind reverse proxies, set ``TRUSTED_PROXY_COUNT`` to
    the number of proxies in front of the application: the address is then read from ``X-Forwarded-For``, counting
    that many entries from the right (the ones the trusted proxies added), so a client cannot choose it by sending
    the header itself. Anything that is not a valid address is ignored.
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return _valid(forwarded[-proxies])
        return None
    return _valid(request.META.get("REMOTE_ADDR", ""))


def axes_client_address(request: HttpRequest) -> str:
    """The same address for the sign-in lock-out (django-axes), which needs a string."""
    return client_address(request) or ""
