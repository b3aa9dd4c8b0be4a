"""Graded model tasks as columns of a cohort's gradebook (the `cohort_graded_items` hook):
100 once passed, 0 while tried, no grade before a try; one query for every learner."""

import pytest
from django.urls import reverse

from labs.trainer import task_items
from tests.factories import cohorts as cf

from .conftest import exercise_block, put_blocks, task_result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("toy_model", "exercise_block_type")]


def test_graded_tasks_become_gradebook_columns(
    trainer_client, cohort, lesson, django_assert_max_num_queries
):
    first, second = put_blocks(lesson, exercise_block(), exercise_block(title="Second"))
    put_blocks(lesson, exercise_block(title="Practice", task_kind=""))  # not graded
    ana = cf.member(cohort, full_name="Ana")
    bo = cf.member(cohort, full_name="Bo")
    task_result(ana, lesson, first, passed=True)
    task_result(ana, lesson, second, passed=False)
    task_result(bo, lesson, "removed-block", passed=True)
    args = {"course_id": cohort.course_id, "step_ids": [lesson.pk], "user_ids": [ana.pk, bo.pk]}
    items = task_items(**args)
    assert [(i["key"], i["title"]) for i in items] == [
        (f"lab-{lesson.pk}-{first}", "Find the rate"),
        (f"lab-{lesson.pk}-{second}", "Second"),
    ]
    assert items[0]["scores"] == {ana.pk: 100.0}
    assert items[1]["scores"] == {ana.pk: 0.0}
    with django_assert_max_num_queries(1):  # the course's tasks are cached
        task_items(**args)
    page = trainer_client.get(reverse("cohorts:gradebook", args=[cohort.pk])).content.decode()
    assert "Find the rate" in page and "Model task" in page and "Practice" not in page
    row = page.split(">Ana</th>")[1].split("</tr>")[0]
    assert ">100<" in row and ">0<" in row


def test_a_course_without_tasks_costs_nothing_once_cached(
    cohort, lesson, django_assert_max_num_queries
):
    args = {"course_id": cohort.course_id, "step_ids": [lesson.pk], "user_ids": [1]}
    assert task_items(**args) == []
    with django_assert_max_num_queries(0):
        assert task_items(**args) == []
