"""Query counts stay flat as courses and enrolments grow.

The budgets are mostly fixed costs: session and user, the learner's roles, the site and its
root page, the view restrictions (one query: the pages they are read from are cached, see
learning/viewrestrictions.py; a learner's navigation asks no permission); then the
learner's state in one query and the other apps' hooks (a cohort's release dates, the
dashboard's panels). Routing, outlines and rendered lesson blocks come from the cache when it
is warm. None depends on the number of steps or enrolments, which the first test proves.
"""

import io

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

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


# Each budget grows only with a new section, by one flat query: the outline's course packs and
# its cohort discussion links; the dashboard's cohort messages; the outline and the lesson, the
# Locale of the interface language, which Wagtail reads to route to that language's tree.
# (Budgets in Russian: tests/courses/test_query_budget_languages.py.)
@pytest.mark.parametrize(("view", "budget"), [("outline", 11), ("lesson", 9), ("dashboard", 11)])
def test_views_stay_within_their_query_budget(
    learner_client, learner, home_page, view, budget, django_assert_max_num_queries
):
    course = build(learner, modules=10, steps_per_module=20, enrollments=20)
    url = pages(course)[view]
    learner_client.get(url)  # warm caches that a running site keeps warm (site root, etc.)
    with django_assert_max_num_queries(budget):
        assert learner_client.get(url).status_code == 200


def test_a_warm_lesson_does_not_look_up_its_images_again(learner_client, learner, home_page):
    """The lesson's shared blocks come from the cache as HTML; the image chooser's rows are
    read only when they are rendered, not on every visit."""
    course = build(learner, modules=1, steps_per_module=2, enrollments=1)
    lesson = cf.lessons(course)[0]
    picture = Image.new("RGB", (8, 8), "navy")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Coverage chart", file=ImageFile(buffer, name="coverage.png")
    )
    lesson.body = [
        ("image", {"image": image, "alt_text": "Coverage by region", "caption": ""}),
        *[(block.block_type, block.value) for block in lesson.body],
    ]
    lesson.save()
    assert 'alt="Coverage by region"' in learner_client.get(lesson.url).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        body = learner_client.get(lesson.url).content.decode()
    assert 'alt="Coverage by region"' in body
    assert not [q for q in ctx.captured_queries if "wagtailimages_" in q["sql"]]
