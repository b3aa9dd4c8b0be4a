"""Slugs a course page or a module page may not take, kept in one place.

Two kinds of URL would hide a page whose slug matches them:

- the actions of course and lesson pages (`RoutablePageMixin` routes, named here and used by
  `courses/models/pages.py`): Wagtail tries a routable page's own routes before its
  children, so a module called "enrol" below a course would never be reached;
- the URLs of `courses/urls.py`, mounted at `/courses/` like the catalogue: a course called
  "reflections" (or "2024", which `<int:course_id>/enrol/` reads as an id) would lose some of
  its URLs to them. These names are read from the URL patterns themselves, so a pattern added
  there is reserved without a second list to keep up to date.
"""

from functools import cache

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern
from django.utils.translation import gettext as _

ENROL = "enrol"
COMPLETE = "complete"
REFLECTIONS = "reflections"

# Sub-paths of course and lesson pages: a child page may not take one as its slug.
PAGE_ACTIONS = frozenset((ENROL, COMPLETE, REFLECTIONS))


@cache
def _courses_url_heads() -> tuple[RoutePattern, ...]:
    """The first segment of every pattern of courses/urls.py, as a prefix pattern."""
    # Cycle: the URLs import the views, which import the page models that use this module.
    from .urls import urlpatterns  # noqa: PLC0415

    heads = []
    for pattern in urlpatterns:
        if isinstance(pattern, URLPattern | URLResolver):
            head = str(pattern.pattern).split("/", 1)[0]
            heads.append(RoutePattern(head + "/", is_endpoint=False))
    return tuple(heads)


def course_slug_error(slug: str) -> str | None:
    """Why `slug` cannot name a course, or None when it can."""
    if any(head.match(slug + "/") for head in _courses_url_heads()):
        return _("“%(slug)s” is reserved for an address of the courses section.") % {"slug": slug}
    return None


def child_slug_error(slug: str) -> str | None:
    """Why `slug` cannot name a page below a course or a lesson, or None when it can."""
    if slug in PAGE_ACTIONS:
        return _("“%(slug)s” is reserved for an action of the page above.") % {"slug": slug}
    return None
