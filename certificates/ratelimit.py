"""A fixed-window rate limit on public lookups, counted in the cache (shared by app servers)."""

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATE = (30, 60)  # lookups per window (seconds) per client address


def client_address(request) -> str:
    # Behind the proxy, REMOTE_ADDR is set from X-Forwarded-For by the server configuration.
    return request.META.get("REMOTE_ADDR") or "unknown"


def lookup_allowed(request, scope: str = "verify") -> bool:
    limit, window = getattr(settings, "CERTIFICATES_LOOKUP_RATE", DEFAULT_RATE)
    bucket = int(time.time() // window)
    key = f"certificates:rl:{scope}:{client_address(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            count = 1
    return count <= limit
