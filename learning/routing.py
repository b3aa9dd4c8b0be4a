"""Route a URL to its page in one query, instead of Wagtail's two queries per level of the
tree (`get_children().get(slug=...)`, then `.specific`): a lesson sits five levels below the
site root, so this saves seven queries on the hottest page of the site.

The rules are Wagtail's own: intermediate pages need not be live, only the page served must
be; a page class that overrides `route()` (RoutablePageMixin pages, for instance) routes what
lies below it itself.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .pagetree import tree_version


def _routes_itself(model) -> bool:
    return model.route is not Page.route


def route_below(root: Page, request, path_components: list[str]) -> RouteResult:
    """Find the page at `path_components` below `root` from its `url_path`.

    The pages along the URL (id and type only) and the page served come from the cache, under
    the page tree's version; on a miss, one query reads the pages along the URL and one more
    loads the page served as its specific class.
    """
    prefixes = []
    url_path = root.url_path
    for component in path_components:
        url_path += component + "/"
        prefixes.append(url_path)
    version = tree_version()
    key = f"routing:{version}:{root.pk}:{hashlib.sha256(url_path.encode()).hexdigest()}"
    rows = cache.get(key)
    if rows is None:
        rows = {
            url: (pk, content_type_id)
            for url, pk, content_type_id in Page.objects.filter(
                url_path__in=prefixes, path__startswith=root.path
            ).values_list("url_path", "pk", "content_type_id")
        }
        if len(rows) == len(prefixes):  # only URLs that exist: no cache entry per 404
            cache.set(key, rows, 3600)
    for index, prefix in enumerate(prefixes):
        if prefix not in rows:
            raise Http404
        pk, content_type_id = rows[prefix]
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose app was removed
            raise Http404
        remaining = path_components[index + 1 :]
        if _routes_itself(model):
            return model.objects.get(pk=pk).route(request, remaining)
        if not remaining:
            page = _page(model, pk, version)
            if not page.live:
                raise Http404
            return RouteResult(page)
    raise Http404


def _page(model, pk: int, version: int) -> Page:
    """The page served, as its specific class, from the cache under the page tree's version.

    Every change that could alter what it shows (a save, a revision published, scheduled
    publishing, a move, a view restriction) moves the version on; each request unpickles a
    fresh instance, so nothing is shared between requests."""
    key = f"routing:page:{version}:{pk}"
    page = cache.get(key)
    if page is None:
        page = model.objects.get(pk=pk)
        cache.set(key, page, 3600)
    return page
