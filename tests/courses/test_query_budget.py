"""Query counts stay flat as courses and enrolments grow.

The budgets are mostly fixed costs: session and user, the site and its root page, the view
restriction check, the navigation hooks and permissions; then the learner's state in one
query and the other apps' hooks (a cohort's release dates, the dashboard's panels). Routing,
outlines and rendered lesson blocks come from the cache when it is warm. None depends on the
number of steps or enrolments, which the first test proves.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    cache.clear()  # compare cold requests: outlines are cached between requests
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def build(learner, *, modules, steps_per_module, enrollments):
    course = cf.course(title="Big course", modules=modules, steps_per_module=steps_per_module)
    services.enrollment_create(user=learner, course=course)
    for step in cf.lessons(course)[:3]:
        services.step_complete(user=learner, step=step)
    for i in range(enrollments - 1):
        other = cf.course(title=f"Other course {i}", modules=1, steps_per_module=2)
        services.enrollment_create(user=learner, course=other)
    return course


def pages(course):
    lessons = cf.lessons(course)
    return {"outline": course.url, "lesson": lessons[3].url, "dashboard": reverse("dashboard")}


@pytest.mark.parametrize("view", ["outline", "lesson", "dashboard"])
def test_query_count_is_flat_from_5_steps_to_200(learner_client, learner, home_page, view):
    small_course = build(learner, modules=1, steps_per_module=5, enrollments=1)
    small_count = count_queries(learner_client, pages(small_course)[view])
    large_course = build(learner, modules=10, steps_per_module=20, enrollments=20)
    large_count = count_queries(learner_client, pages(large_course)[view])
    assert large_count <= small_count, (view, small_count, large_count)


@pytest.mark.parametrize(("view", "budget"), [("outline", 15), ("lesson", 14), ("dashboard", 15)])
def test_views_stay_within_their_query_budget(
    learner_client, learner, home_page, view, budget, django_assert_max_num_queries
):
    course = build(learner, modules=10, steps_per_module=20, enrollments=20)
    url = pages(course)[view]
    learner_client.get(url)  # warm caches that a running site keeps warm (site root, etc.)
    with django_assert_max_num_queries(budget):
        assert learner_client.get(url).status_code == 200
