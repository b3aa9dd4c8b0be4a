"""The demo courses load twice without duplicates and serve their outline."""

import io

import pytest
from wagtail.models import Page, Revision

from courses import demo
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Topic

pytestmark = pytest.mark.django_db


def load_twice():
    first, second = io.StringIO(), io.StringIO()
    demo.load(stdout=first)
    counts = (Page.objects.count(), Revision.objects.count(), Topic.objects.count())
    demo.load(stdout=second)
    return first.getvalue(), second.getvalue(), counts


def test_loading_twice_builds_three_full_courses_once(db):
    first, second, counts = load_twice()

    assert counts == (Page.objects.count(), Revision.objects.count(), Topic.objects.count())
    assert CourseIndexPage.objects.count() == 1
    assert Topic.objects.count() == 3
    courses = CoursePage.objects.live()
    assert courses.count() == 3
    assert first.count("created") == 3 and second.count("unchanged") == 3
    for course in courses:
        assert course.topic is not None and not course.prerequisites.exists()
        modules = ModulePage.objects.child_of(course).live()
        assert modules.count() >= 3
        for module in modules:
            assert LessonPage.objects.child_of(module).live().count() >= 2
    # No two siblings share a slug anywhere in the tree.
    pairs = [(page.path[: -Page.steplen], page.slug) for page in Page.objects.all()]
    assert len(pairs) == len(set(pairs))
    assert CoursePage.objects.get(slug__startswith="actuarial").sequential


def test_every_lesson_teaches_and_closes_with_a_takeaway(db):
    demo.load(stdout=io.StringIO())
    lessons = LessonPage.objects.all()
    assert lessons.count() >= 18
    for lesson in lessons:
        kinds = [block.block_type for block in lesson.body]
        assert kinds.count("paragraph") >= 3, lesson.title
        assert "key_takeaway" in kinds, lesson.title
        assert {"image", "video", "download", "case_study"}.isdisjoint(kinds)
        assert 5 <= lesson.estimated_minutes <= 20
    assert any("glossary_term" in [b.block_type for b in lesson.body] for lesson in lessons)
    assert any("reflection" in [b.block_type for b in lesson.body] for lesson in lessons)


def test_governance_outline_answers_over_http(client, db):
    demo.load(stdout=io.StringIO())
    course = CoursePage.objects.get(slug="governance-of-social-security")
    assert course.format == "cohort"
    module = ModulePage.objects.child_of(course).first()

    response = client.get(course.url)

    assert response.status_code == 200
    assert module.title in response.content.decode()


def test_an_enrolled_learner_reads_a_demo_lesson(learner_client, db):
    demo.load(stdout=io.StringIO())
    course = CoursePage.objects.get(slug="actuarial-planning-and-financing-of-social-protection")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    learner_client.post(f"{course.url}enrol/")

    response = learner_client.get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "700,000 / 5,000,000 = 0.14" in html and "Key takeaway" in html
