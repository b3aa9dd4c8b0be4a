"""Route a URL to its page in one query, instead of Wagtail's two queries per level of the
tree (`get_children().get(slug=...)`, then `.specific`): a lesson sits five levels below the
site root, so this saves seven queries on the hottest page of the site.

It only finds the pages: what each one answers is decided by Wagtail's own code. The rules
are Wagtail's: intermediate pages need not be live, only the page served must be; a
`RoutablePageMixin` page (a course, a lesson) answers the sub-paths its routes match when it
is live, and lets the rest through to its children, exactly as `RoutablePageMixin.route()`
does (this layer asks the class's route resolver, then hands the page to that very
`route()`); any other page class that overrides `route()` routes what lies below it itself.
tests/learning/test_routing.py compares the result with Wagtail's `page.route()` path by path.
"""

import hashlib
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .locales import default_locale_id
from .pagetree import tree_version

# In the keys: bumped whenever what is cached under them changes shape.
KEY_VERSION = 2


def _routes_itself(model) -> bool:
    """Does `model` route what lies below it in a way this layer does not follow?"""
    if issubclass(model, RoutablePageMixin):
        return model.route is not RoutablePageMixin.route
    return model.route is not Page.route


def _has_own_route(model, path_components: list[str]) -> bool:
    """Would one of the routes of a `RoutablePageMixin` page class match these components?"""
    if not issubclass(model, RoutablePageMixin):
        return False
    return _matches_route(model, tuple(path_components))


@lru_cache(maxsize=4096)
def _matches_route(model, path_components: tuple[str, ...]) -> bool:
    """A class's routes are fixed when it is defined, so the answer is remembered per class
    and path: a miss costs the resolver an Http404, on every request below a course."""
    path = "/" + "".join(component + "/" for component in path_components)
    try:
        model.get_resolver().resolve(path)
    except Http404:
        return False
    return True


def route_below(root: Page, request, path_components: list[str]) -> RouteResult:
    """Find the page at `path_components` below `root` from its `url_path`.

    The pages along the URL (id, type and whether live) and the page served come from the
    cache, under the page tree's version; on a miss, one query reads the pages along the URL
    and one more loads the page served as its specific class.
    """
    prefixes = []
    url_path = root.url_path
    for component in path_components:
        url_path += component + "/"
        prefixes.append(url_path)
    version = tree_version()
    digest = hashlib.sha256(url_path.encode()).hexdigest()
    key = f"routing:v{KEY_VERSION}:{version}:{root.pk}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = {
            url: (pk, content_type_id, live)
            for url, pk, content_type_id, live in Page.objects.filter(
                url_path__in=prefixes, path__startswith=root.path
            ).values_list("url_path", "pk", "content_type_id", "live")
        }
        if len(rows) == len(prefixes):  # only URLs that exist: no cache entry per 404
            cache.set(key, rows, 3600)
    for index, prefix in enumerate(prefixes):
        if prefix not in rows:
            raise Http404
        pk, content_type_id, live = rows[prefix]
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose app was removed
            raise Http404
        remaining = path_components[index + 1 :]
        if _routes_itself(model):
            return model.objects.get(pk=pk).route(request, remaining)
        pk, live = _source_if_unpublished(model, pk, live, remaining, version)
        if live and _has_own_route(model, remaining):
            # Wagtail's own `RoutablePageMixin.route()` answers, on the cached page.
            return _page(model, pk, version).route(request, remaining)
        if not remaining:
            page = _page(model, pk, version)
            if not page.live:
                raise Http404
            return RouteResult(page)
    raise Http404


def _source_if_unpublished(model, pk: int, live: bool, remaining, version) -> tuple[int, bool]:
    """A translation that is not live (unpublished, or a draft not yet published) gives way
    to its published source where it would be served, as when it was not translated yet
    (docs/decisions/learning-fallback-note.md); any other page stays as it is."""
    if live or (remaining and not _has_own_route(model, remaining)):
        return pk, live
    source = _published_source(pk, version)
    return (source, True) if source is not None else (pk, live)


def _published_source(pk: int, version) -> int | None:
    """The live page of the default locale that page `pk` translates, when `pk` is of another
    locale; cached under the page tree's version (0 for none)."""
    key = f"routing:source:v{KEY_VERSION}:{version}:{pk}"
    found = cache.get(key)
    if found is None:
        page = Page.objects.filter(pk=pk).values("translation_key", "locale_id").first()
        found = 0
        if page and page["locale_id"] != default_locale_id():
            source = Page.objects.live().filter(
                translation_key=page["translation_key"], locale_id=default_locale_id()
            )
            found = source.values_list("pk", flat=True).first() or 0
        cache.set(key, found, 3600)
    return found or None


def _page(model, pk: int, version: int) -> Page:
    """The page served, as its specific class, from the cache under the page tree's version.

    Every change that could alter what it shows (a save, a revision published, scheduled
    publishing, a move, a view restriction) moves the version on; each request unpickles a
    fresh instance, so nothing is shared between requests."""
    key = f"routing:page:v{KEY_VERSION}:{version}:{pk}"
    page = cache.get(key)
    if page is None:
        page = model.objects.get(pk=pk)
        cache.set(key, page, 3600)
    return page
