"""The view restrictions of a page, in any language, for one query.

Wagtail checks, before serving a page, the view restrictions of the page and of its
ancestors; an alias has none of its own and is checked against its original's
(`Page.get_view_restrictions`). Wagtail finds them with a query for the ancestors and one
more for each alias among them (`page.alias_of`): an English lesson cost two queries, the
same lesson in Russian, where the home page, the course and the module are aliases of the
English ones, six. Here the pages whose restrictions apply (the page and its ancestors, an
alias replaced by its original) come from the cache under the page tree's version, which
every page save, move or view restriction change moves on (learning/pagetree.py): what is
left is the query for the restrictions themselves, read fresh on every request, in every
language alike.
"""

from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction

from .pagetree import tree_version


def restricting_page_ids(page: Page) -> list[int]:
    """Ids of the pages whose view restrictions apply to `page`: the page and its ancestors,
    each alias replaced by the page it is an alias of. Cached per page-tree version."""
    key = f"learning:restricting-pages:{tree_version()}:{page.pk}"
    ids = cache.get(key)
    if ids is None:
        rows = dict(page.get_ancestors(inclusive=True).values_list("pk", "alias_of_id"))
        ids = _originals(rows)
        cache.set(key, ids, 3600)
    return ids


def _originals(rows: dict[int, int | None]) -> list[int]:
    """{page id: id of the page it is an alias of, or None} -> each page's original, as
    Wagtail follows `alias_of`: one more query when some are aliases (their originals lie in
    another language's tree), and again only for an alias of an alias."""
    links = dict(rows)
    asked: set[int] = set()
    while missing := {t for t in links.values() if t is not None and t not in links} - asked:
        asked |= missing
        links.update(Page.objects.filter(pk__in=missing).values_list("pk", "alias_of_id"))
    found = set()
    for pk in rows:
        original, seen = pk, {pk}
        while links.get(original) is not None and links[original] not in seen:
            original = links[original]
            seen.add(original)
        found.add(original)
    return sorted(found)


class SourceViewRestrictions:
    """A page model whose view restrictions cost one query in every language (see the
    module's docstring); Wagtail's `get_view_restrictions`, same result."""

    def get_view_restrictions(self):
        if self.pk is None:  # a page not saved yet (a preview) has no ancestors stored
            return super().get_view_restrictions()
        return PageViewRestriction.objects.filter(page_id__in=restricting_page_ids(self))
