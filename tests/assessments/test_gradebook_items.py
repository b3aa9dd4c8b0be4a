"""Quizzes and required H5P activities as gradebook columns (the cohorts app's
`cohort_graded_items` hook): each quiz by its grading method, each required activity by the
learner's best result in its lesson; a fixed number of queries for any number of learners."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.gradebook import h5p_items, quiz_items
from assessments.models import Attempt, AttemptState, H5PResult, H5PStatement
from courses.models import LessonPage, ModulePage
from tests.factories import UserFactory, h5p_package, quiz_page
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons

pytestmark = pytest.mark.django_db


def attempt(user, quiz, number, score):
    now = timezone.now() + timedelta(minutes=number)
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        revision=quiz.latest_revision,
        number=number,
        state=AttemptState.SUBMITTED,
        started_at=now,
        submitted_at=now,
        score=Decimal(score),
    )


def result(user, package, page, scaled):
    statement = H5PStatement.objects.create(
        user=user, package=package, page=page, verb="answered", statement={}
    )
    H5PResult.objects.create(
        user=user,
        package=package,
        page=page,
        statement=statement,
        verb="answered",
        score_raw=1,
        score_max=1,
        scaled=Decimal(scaled),
    )


def test_each_quiz_is_graded_by_its_method(home_page, django_assert_max_num_queries):
    course = make_course(modules=1, steps_per_module=1)
    module = ModulePage.objects.child_of(course).first()
    quizzes = {
        method: quiz_page(module=module, title=method, grading_method=method)
        for method in ("highest", "last", "average")
    }
    ana, bo = UserFactory(), UserFactory()
    for quiz in quizzes.values():
        attempt(ana, quiz, 1, "80")
        attempt(ana, quiz, 2, "40")
    step_ids = [q.pk for q in quizzes.values()]
    with django_assert_max_num_queries(2):
        items = quiz_items(step_ids=step_ids, user_ids=[ana.pk, bo.pk])
    scores = {item["title"]: item["scores"] for item in items}
    assert scores == {"highest": {ana.pk: 80.0}, "last": {ana.pk: 40.0}, "average": {ana.pk: 60.0}}
    assert {item["key"] for item in items} == {f"quiz-{pk}" for pk in step_ids}


def test_required_h5p_activities_by_best_result_in_their_lesson(
    home_page, django_assert_max_num_queries
):
    course = make_course(modules=1, steps_per_module=2)
    first, second = lessons(course)
    counted, practice = h5p_package(title="Counted"), h5p_package(title="Practice")
    page = LessonPage.objects.get(pk=first.pk)
    page.body = [
        *page.body.raw_data,
        {"type": "h5p", "value": {"package": counted.pk, "title": "", "required": True}},
        {"type": "h5p", "value": {"package": practice.pk, "title": "", "required": False}},
    ]
    page.save_revision().publish()
    ana, bo = UserFactory(), UserFactory()
    result(ana, counted, first, "0.4")
    result(ana, counted, first, "0.9")
    result(bo, counted, second, "1")  # reported through another page: does not count
    args = {"course_id": course.pk, "step_ids": [first.pk, second.pk], "user_ids": [ana.pk, bo.pk]}
    items = h5p_items(**args)
    assert [(i["key"], i["title"]) for i in items] == [(f"h5p-{first.pk}-{counted.pk}", "Counted")]
    assert items[0]["scores"] == {ana.pk: 90.0}
    with django_assert_max_num_queries(1):  # the lessons' activities are cached
        h5p_items(**args)
