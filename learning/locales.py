"""Which page of a translated tree holds a learner's record, and which one a learner reads.

Every page exists in each content language (decision docs/decisions/content-languages.md): a
translation, or an alias of the English page until someone translates it. All of them share
one `translation_key`. What learners do (enrolment, progress, reflections, attempts, H5P
results, certificates) is recorded against one page per translation key: its **source**, the
page in the default locale (`settings.LANGUAGE_CODE`); a page that exists only in another
locale is its own source. Pages in the default locale, which most requests serve, cost no
query; another locale's page costs one once per page-tree version (`source_ids` for many at
once), and so does loading its source (`source_page`).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from .pagetree import ProcessCache, tree_version

# What this module reads from the shared cache, kept in the process too: a lesson asked for the
# locale ids 13 times, each a round trip to Redis in production.
_LOCAL = ProcessCache(limit=5000)


def locale_ids() -> dict[str, int]:
    """Language code -> Locale id, until the page tree (which counts locales) changes."""
    return _LOCAL.get_or_set(
        f"learning:locale-ids:{tree_version()}",
        lambda: dict(Locale.objects.values_list("language_code", "pk")),
    )


def default_locale_id() -> int:
    return locale_ids().get(settings.LANGUAGE_CODE) or Locale.get_default().pk


def locale_id_for(language: str) -> int | None:
    """The Locale id of a language code ("ru", "zh-Hans", "fr-CA": its base language), or
    None when the site has no such content language."""
    ids = locale_ids()
    language = language.lower()
    return ids.get(language) or ids.get(language.split("-")[0])


def active_locale_id() -> int:
    """The Locale of the interface language (the default one when it has none)."""
    return locale_id_for(get_language() or settings.LANGUAGE_CODE) or default_locale_id()


def is_source(page: Page) -> bool:
    return page.locale_id == default_locale_id()


def source_ids(pages: Iterable[Page]) -> dict[int, int]:
    """Page id -> the id of its source page, in at most one query."""
    pages = list(pages)
    default = default_locale_id()
    found = {p.pk: p.pk for p in pages if p.locale_id == default}
    others = [p for p in pages if p.pk not in found]
    if others:
        by_key = dict(
            Page.objects.filter(
                translation_key__in={p.translation_key for p in others}, locale_id=default
            ).values_list("translation_key", "pk")
        )
        for page in others:
            found[page.pk] = by_key.get(page.translation_key, page.pk)
    return found


def source_id(page: Page) -> int:
    """The id of the source of `page`: no query for a source page, and for another one a
    query once per page-tree version (cached)."""
    if page.pk is None or is_source(page):
        return page.pk
    return _LOCAL.get_or_set(
        f"learning:source-of:{tree_version()}:{page.pk}", lambda: source_ids([page])[page.pk]
    )


def source_page(page: Page) -> Page:
    """The page (specific) that holds the records of `page` and its translations."""
    found = source_id(page)
    if found == page.pk:
        return page
    # A translation is of its source's model: one query, not two as `.specific` takes, once
    # per page-tree version (every request unpickles its own copy, as routing's pages).
    key = f"learning:source-page:{tree_version()}:{found}"
    source = cache.get(key)
    if source is None:
        source = page.specific_class._default_manager.get(pk=found)
        cache.set(key, source, 3600)
    return source


def sync_trees(*, stdout=None) -> int:
    """Give every page an alias in each locale that syncs from another and has no translation
    of it yet (wagtail-localize's `sync_locale_trees`, run here in the foreground); the number
    of pages afterwards. Safe to run twice."""
    from wagtail_localize.models import LocaleSynchronization  # noqa: PLC0415 (an app of its own)
    from wagtail_localize.synctree import PageIndex, synchronize_tree  # noqa: PLC0415

    before = Page.objects.count()
    for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        index = PageIndex.from_database().sort_by_tree_position()
        synchronize_tree(sync.sync_from, sync.locale, page_index=index)
    after = Page.objects.count()
    if stdout is not None:
        stdout.write(f"Content languages: {after - before} aliases added, {after} pages in all.")
    return after
