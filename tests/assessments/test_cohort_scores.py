"""Quiz grades reach the cohorts' progress matrix through the `cohort_step_scores` hook."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail import hooks

from assessments.models import Attempt, AttemptState
from tests.factories import UserFactory, quiz_page

pytestmark = pytest.mark.django_db


def attempt(user, quiz, number, score, state=AttemptState.SUBMITTED):
    now = timezone.now() + timedelta(minutes=number)
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        revision=quiz.latest_revision,
        number=number,
        state=state,
        started_at=now,
        submitted_at=now if state == AttemptState.SUBMITTED else None,
        score=Decimal(score) if score is not None else None,
    )


def scores(user_ids, step_ids):
    """The quiz grades the assessments app gives the hook (other apps' scores, such as labs'
    tasks, have their own tests and query budgets)."""
    result = {}
    for fn in hooks.get_hooks("cohort_step_scores"):
        if fn.__module__.startswith("assessments."):
            result.update(fn(user_ids=user_ids, step_ids=step_ids))
    return result


def test_grades_follow_each_quizs_grading_method(home_page, django_assert_max_num_queries):
    highest = quiz_page(title="Highest", grading_method="highest")
    last = quiz_page(title="Last", grading_method="last")
    ana, bo, cy = UserFactory(), UserFactory(), UserFactory()
    attempt(ana, highest, 1, "80")
    attempt(ana, highest, 2, "40")
    attempt(ana, last, 1, "90")
    attempt(ana, last, 2, "55")
    attempt(bo, highest, 1, "70")
    attempt(bo, highest, 2, None, state=AttemptState.IN_PROGRESS)
    with django_assert_max_num_queries(2):
        result = scores([ana.pk, bo.pk, cy.pk], [highest.pk, last.pk, 999_999])
    assert result == {
        (ana.pk, highest.pk): 80.0,
        (ana.pk, last.pk): 55.0,
        (bo.pk, highest.pk): 70.0,
    }


def test_no_quiz_among_the_steps_costs_one_query(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert scores([1, 2], [123]) == {}
