"""The client's address, as seen through the configured number of trusted proxies.

Behind nginx (docs/operations.md) every request reaches gunicorn from the proxy's address, so
`REMOTE_ADDR` names the proxy, not the person. The proxy appends the address it saw to
`X-Forwarded-For`; the right-most `TRUSTED_PROXY_COUNT` entries were written by proxies we
run, so the entry just left of them is the client. Entries further left came from the client
and can be forged; they are never used.

One helper for the whole project: allauth is told the same count (ALLAUTH_TRUSTED_PROXY_COUNT)
so its login and sign-up limits key on the same address as Socle's own limits and the audit log.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the person making the request ("unknown" if none can be trusted)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "unknown"
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < count:
        # The request did not pass through all our proxies (a direct hit on the app server).
        return remote
    return _valid(forwarded[-count]) or remote


def safe_next_url(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    """`candidate` if it points into this site (a path or our own host), else `fallback`.

    For every `next` taken from a form or a query string: anything else would make our site
    redirect its users to a phishing page.
    """
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return fallback
