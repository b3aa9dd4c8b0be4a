"""System checks of the project: production must share its cache between processes."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends every app server and worker reach in common. Local memory lives in one process,
# a dummy cache holds nothing, and a file cache is one host's disk.
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django_redis.cache.RedisCache",
)


def shared_cache_errors(*, caches: dict, cache_url: str | None) -> list[Error]:
    """Errors when the default cache is not one all processes share."""
    backend = caches.get("default", {}).get("BACKEND", "")
    if cache_url and backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        Error(
            "Production needs a cache shared by every app server and worker.",
            hint=(
                "Set CACHE_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/1. With the "
                f"default cache ({backend or 'none'}) each gunicorn worker keeps its own: an "
                "editor's publish on one is invisible on the others, and login rate limits "
                "count per process. See docs/operations.md."
            ),
            id="socle.E001",
        )
    ]


@register(Tags.caches)
def check_shared_cache(app_configs=None, **kwargs) -> list[Error]:
    if not getattr(settings, "SOCLE_REQUIRE_SHARED_CACHE", False):
        return []
    return shared_cache_errors(
        caches=settings.CACHES, cache_url=getattr(settings, "SOCLE_CACHE_URL", None)
    )
