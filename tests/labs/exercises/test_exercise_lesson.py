"""The model exercise in a lesson: what every learner sees, what only they see, the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrollment_create
from labs.models import Scenario
from tests.factories import UserFactory
from tests.labs.exercises.conftest import BLOCK_ID, url

pytestmark = pytest.mark.django_db


def test_the_lesson_shows_the_exercise_at_its_starting_assumptions(
    learner_client, enrolled, lesson
):
    response = learner_client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep the reserve positive" in html
    assert 'name="contribution_rate"' in html and 'type="range"' in html
    assert 'value="15' in html
    assert "Fixed assumptions" in html and "Interest rate" in html
    assert "<svg" in html and "<caption>Reserve fund</caption>" in html
    assert 'aria-live="polite"' in html
    assert "Show all years" in html
    assert f'action="{url(lesson)}"' in html
    assert "Check my answer" in html
    assert "This step is completed when you pass its activity above." in html


def test_the_table_shows_every_fifth_year_and_the_last(learner_client, enrolled, lesson):
    html = learner_client.get(url(lesson)).content.decode()
    table = html.split('data-lab-table="reserve"')[1].split("</table>")[0]
    years = [int(cell.split("<")[0]) for cell in table.split('<th scope="row">')[1:]]
    assert years == [2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060, 2065, 2070, 2075]


def test_one_learners_scenarios_never_reach_another_learner(client, enrolled, lesson, course):
    Scenario.objects.create(
        user=enrolled, page=lesson, block_id=BLOCK_ID, model="toy", name="Malika's plan", values={}
    )
    client.force_login(enrolled)
    assert "Malika&#x27;s plan" in client.get(lesson.url).content.decode()
    other = UserFactory(roles=["Learner"])
    enrollment_create(user=other, course=course)
    client.force_login(other)
    assert "Malika" not in client.get(lesson.url).content.decode()


def test_the_lesson_query_count_stays_flat_with_many_scenarios(learner_client, enrolled, lesson):
    learner_client.get(lesson.url)
    with CaptureQueriesContext(connection) as few:
        learner_client.get(lesson.url)
    Scenario.objects.bulk_create(
        Scenario(
            user=enrolled, page=lesson, block_id=BLOCK_ID, model="toy", name=f"S{i}", values={}
        )
        for i in range(25)
    )
    with CaptureQueriesContext(connection) as many:
        html = learner_client.get(lesson.url).content.decode()
    assert "S24" in html
    assert len(many.captured_queries) <= len(few.captured_queries) + 1


def test_the_lesson_with_an_exercise_stays_within_the_lesson_budget_plus_two(
    learner_client, enrolled, lesson, django_assert_max_num_queries
):
    learner_client.get(lesson.url)  # warm caches a running site keeps warm
    # The lesson's own budget (tests/courses/test_query_budget.py) is 10: the exercise adds
    # the learner's scenarios and task result.
    with django_assert_max_num_queries(10 + 2):
        assert learner_client.get(lesson.url).status_code == 200
