"""The learner's path served from the page tree's version: routing, cached pages and blocks,
the one-query learner state. Each test changes something and checks the next request shows
it, so a cache that outlived a change would fail here."""

import pytest
from wagtail.models import Page

from courses import selectors, services
from courses.models import Enrollment, LessonPage, StepProgress
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return cf.course(modules=2, steps_per_module=2)


@pytest.fixture
def enrolled(learner_client, learner, course):
    services.enrollment_create(user=learner, course=course)
    return learner_client


def test_learner_state_matches_what_the_orm_reads(learner, course):
    services.enrollment_create(user=learner, course=course)
    first, second = cf.lessons(course)[:2]
    services.step_complete(user=learner, step=first)
    services.step_visit(user=learner, step=second)
    enrollment, rows = selectors._learner_state(user_id=learner.pk, course_id=course.pk)
    orm = Enrollment.objects.get(user=learner, course=course)
    fields = ("id", "status", "enrolled_at", "completed_at", "last_activity_at", "course_id")
    assert [getattr(enrollment, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert sorted(rows) == sorted(
        StepProgress.objects.filter(user=learner, course=course).values_list(
            "step_id", "started_at", "completed_at"
        )
    )
    assert all(started.tzinfo is not None for _, started, _ in rows)


def test_no_enrolment_reads_as_none(learner, course):
    assert selectors._learner_state(user_id=learner.pk, course_id=course.pk) == (None, [])


def test_a_renamed_lesson_moves_to_its_new_url_at_once(enrolled, course):
    lesson = LessonPage.objects.get(pk=cf.first_lesson(course).pk)
    old_url = lesson.url
    assert enrolled.get(old_url).status_code == 200
    lesson.slug = "a-new-name"
    lesson.save_revision().publish()
    assert enrolled.get(old_url).status_code == 404
    assert enrolled.get(Page.objects.get(pk=lesson.pk).url).status_code == 200


def test_an_edit_of_the_lesson_shows_at_once(enrolled, course):
    lesson = LessonPage.objects.get(pk=cf.first_lesson(course).pk)
    assert "Institutions first." in enrolled.get(lesson.url).content.decode()
    lesson.body = [("paragraph", "<p>Financing second.</p>")]
    lesson.save_revision().publish()
    html = enrolled.get(lesson.url).content.decode()
    assert "Financing second." in html
    assert "Institutions first." not in html


def test_an_unpublished_lesson_is_404_after_it_was_served(enrolled, course):
    lesson = cf.first_lesson(course)
    assert enrolled.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert enrolled.get(lesson.url).status_code == 404


def test_the_reflection_answer_is_the_learners_own(enrolled, learner, course, client):
    lesson = cf.first_lesson(course)
    block_id = next(b.id for b in lesson.specific.body if b.block_type == "reflection")
    enrolled.post(
        f"{lesson.url}reflections/{block_id}/",
        {"answer": "The social security fund collects them."},
    )
    assert "The social security fund collects them." in enrolled.get(lesson.url).content.decode()
    from tests.factories import UserFactory

    other = UserFactory(roles=["Learner"])
    services.enrollment_create(user=other, course=course)
    client.force_login(other)
    assert "The social security fund collects them." not in client.get(lesson.url).content.decode()


def test_unknown_urls_below_a_course_are_404(enrolled, course):
    assert enrolled.get(course.url + "no-such-module/no-such-lesson/").status_code == 404
    assert enrolled.get(course.url + "no-such-module/").status_code == 404


def test_the_case_study_library_still_routes_its_own_urls(client, home_page):
    from tests.factories import casestudies as csf

    library = csf.case_library(home_page)
    assert client.get(library.url).status_code == 200
    feed = client.get(library.url + "feed/")
    assert feed.status_code == 200
    assert "xml" in feed["Content-Type"]
