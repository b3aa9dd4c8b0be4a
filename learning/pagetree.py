"""One number that moves on whenever the page tree changes.

Caches of what is derived from pages (course outlines, rendered lesson blocks, URL routes,
the catalogue link) put it in their keys, so that they are never invalidated one by one: a
page saved, published, unpublished, moved or deleted, a view restriction or a site changed
(learning/signal_handlers.py) moves the version on, and every old key is simply never read
again and expires.
"""

import time

from django.core.cache import cache

VERSION_KEY = "pagetree:version"


def tree_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def tree_changed() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)
