"""Small helpers about requests."""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, as the server saw it.

    Behind a reverse proxy, configure the proxy to set REMOTE_ADDR (e.g. gunicorn's ``--forwarded-allow-ips``)
    rather than trusting a header any client can send.
    """
    return request.META.get("REMOTE_ADDR") or None
