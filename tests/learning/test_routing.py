"""The fast routing layer below the home page (learning/routing.py) answers every path as
Wagtail's own `Page.route()` does: same page, same RoutablePageMixin view and arguments, and a
404 where Wagtail gives one, cold (cache empty) and warm."""

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from learning.models import HomePage
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db


def _outcome(route, home, components):
    request = RequestFactory().get("/" + "".join(c + "/" for c in components))
    try:
        result = route(home, request, components)
    except Http404:
        return "404"
    args = list(result.args)
    if args and callable(args[0]):  # a RoutablePageMixin route: (view, args, kwargs)
        view, view_args, view_kwargs = args
        args = [view.__name__, list(view_args), dict(view_kwargs)]
    return (type(result.page).__name__, result.page.pk, args, dict(result.kwargs))


def _components(home, page, *extra):
    return page.url_path[len(home.url_path) :].strip("/").split("/") + list(extra)


@pytest.fixture
def tree(home_page):
    course = cf.course()
    module = course.get_children().first()
    first, second = cf.lessons(course)[:2]
    second.unpublish()
    draft = cf.course(title="Draft course", live=False)
    private = cf.course(title="Private course")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {
        "course": course,
        "module": module,
        "lesson": first,
        "unpublished": second,
        "draft": draft,
        "draft_lesson": cf.first_lesson(draft),
        "private_lesson": cf.first_lesson(private),
    }


CASES = [
    ("course", ()),
    ("course", ("enrol",)),
    ("course", ("enrol", "extra")),
    ("course", ("complete",)),
    ("course", ("no-such-page",)),
    ("module", ()),
    ("module", ("no-such-lesson",)),
    ("lesson", ()),
    ("lesson", ("complete",)),
    ("lesson", ("complete", "extra")),
    ("lesson", ("reflections", "b1f0c2a4")),
    ("lesson", ("reflections",)),
    ("lesson", ("enrol",)),
    ("unpublished", ()),
    ("unpublished", ("complete",)),
    ("draft", ()),
    ("draft", ("enrol",)),
    ("draft_lesson", ()),
    ("draft_lesson", ("complete",)),
    ("private_lesson", ()),
    ("private_lesson", ("reflections", "x")),
]


@pytest.mark.parametrize(("name", "extra"), CASES)
def test_the_fast_layer_routes_as_wagtail_does(tree, name, extra):
    home = HomePage.objects.get()
    components = _components(home, tree[name], *extra)
    expected = _outcome(Page.route, home, components)
    cache.clear()
    assert _outcome(HomePage.route, home, components) == expected  # cold
    assert _outcome(HomePage.route, home, components) == expected  # from the cache


def test_the_cases_cover_sub_routes_pages_and_404s(tree):
    """The comparison above would prove little if every case gave the same kind of answer."""
    home = HomePage.objects.get()
    outcomes = [
        _outcome(Page.route, home, _components(home, tree[name], *extra)) for name, extra in CASES
    ]
    assert "404" in outcomes
    views = {o[2][0] for o in outcomes if o != "404" and o[2]}
    assert views == {"outline", "enrol", "lesson", "complete", "save_reflection"}


def test_a_path_that_does_not_exist_below_home_is_404(tree):
    home = HomePage.objects.get()
    for components in (["nowhere"], ["courses", "nowhere", "deeper"]):
        assert _outcome(HomePage.route, home, components) == "404"
        assert _outcome(Page.route, home, components) == "404"
