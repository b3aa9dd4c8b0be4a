"""Public lookups are limited per client address by allauth's limiter on the shared cache.

The rates are the "certificates_<scope>" entries of ACCOUNT_RATE_LIMITS; the address is the one
`learning.net.client_ip` reads through the trusted proxies (allauth's adapter asks it). Each
lookup is one atomic step of the limiter, so parallel requests cannot overrun the limit.
"""

from allauth.core import ratelimit


def lookup_allowed(request, scope: str = "verify") -> bool:
    # consume_or_429 is the public entry that also limits GET requests (limit_get).
    refused = ratelimit.consume_or_429(request, action=f"certificates_{scope}", limit_get=True)
    return refused is None
