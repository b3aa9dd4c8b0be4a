"""What a restore does to the shared cache (docs/decisions/backup-restore-caches.md).

It does not flush it. Everything the site caches from its data is either keyed by a shared
version, which the restore moves on, or kept under a fixed key, which it deletes; the rest of
the cache is not derived from the database (sessions are checked against it, rate-limit
counters and used one-time codes are security state) and stays.
"""

from collections.abc import Iterable

from django.db import DatabaseError
from wagtail import signal_handlers as wagtail_signals
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from casestudies.facets import LIBRARY
from certificates.statuslist import STATUS_LISTS
from cohorts.selectors import scheduled_courses_forget
from learning.pagetree import PAGE_TREE

# Routes, outlines, lesson blocks, the catalogue link (page tree); case-study facets
# (library); signed status lists (certificates' revocations).
VERSIONS = (PAGE_TREE, LIBRARY, STATUS_LISTS)
CHUNK = 500


def _rendition_model():
    return get_image_model().get_rendition_model()


def rendition_cache_keys() -> set[str]:
    """Cache keys of every image rendition the database holds now.

    Wagtail caches renditions by image id and file hash, without a version; the restore
    deletes the keys of the renditions known before and after loading the dump, so that no
    rendition of the damaged database (whose file the restore may have removed) is served.
    """
    try:
        renditions = _rendition_model().objects.select_related("image")
        return {rendition.get_cache_key() for rendition in renditions.iterator(chunk_size=CHUNK)}
    except DatabaseError:  # an empty database (a new server): nothing of it can be cached
        return set()


def caches_forget(rendition_keys: Iterable[str]) -> str:
    """Make every cache derived from the old data unreachable; returns a line for the report."""
    keys = sorted(set(rendition_keys) | rendition_cache_keys())
    backend = _rendition_model().cache_backend
    for start in range(0, len(keys), CHUNK):
        backend.delete_many(keys[start : start + CHUNK])
    Site.clear_site_root_paths_cache()
    wagtail_signals.reset_locales_display_names_cache(sender=Locale, instance=None)
    scheduled_courses_forget()
    for version in VERSIONS:
        version.move()
    return (
        "Page, case-study and status-list caches moved to new versions; "
        f"{len(keys)} image rendition(s), site roots, locale names and scheduled courses "
        "forgotten (sessions and rate-limit counters are kept)."
    )
