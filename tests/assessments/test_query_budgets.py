"""Query budgets: the attempt page, saving and submitting stay flat as quizzes grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.services import attempt_start
from assessments.services.quiz import attempt_questions
from tests.factories import attempt_form, enrolled, quiz_page, right_answers
from tests.factories.assessments import q_numeric, sample_questions

pytestmark = pytest.mark.django_db


def counts(client, learner, questions):
    quiz = quiz_page(questions=questions)
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    url = f"/assessments/attempts/{attempt.uuid}/"
    client.get(url)  # warm the revision's question cache, as a running server has it
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as save:
        assert client.post(url, attempt_form(attempt, right_answers(attempt))).status_code == 302
    attempt.refresh_from_db()
    with CaptureQueriesContext(connection) as submit:
        response = client.post(url, attempt_form(attempt, {}, action="submit"))
        assert response.status_code == 302
    return len(page), len(save), len(submit)


def test_queries_do_not_grow_with_the_number_of_questions(learner_client, learner):
    counts(learner_client, learner, sample_questions())  # warm the site's caches, as it runs
    small = counts(learner_client, learner, sample_questions())
    large = counts(
        learner_client, learner, sample_questions() + [q_numeric(f"Q{i}", i) for i in range(30)]
    )
    assert small == large
    page, save, submit = large
    # submitting a passing attempt also completes the step and checks the course (courses app)
    assert page <= 9 and save <= 8 and submit <= 40, large


def test_a_submit_is_one_locked_read_one_read_one_insert_and_one_update(learner_client, learner):
    """Session and user, then the attempt (locked, with its quiz's settings and revision), its
    saved responses, one INSERT for every answer, the attempt's UPDATE: flat from 7 to 37
    questions. (A failed attempt: a pass adds the courses app's step completion.)"""
    for questions in (
        sample_questions(),
        sample_questions() + [q_numeric(f"Q{i}", i) for i in range(30)],
    ):
        quiz = quiz_page(questions=questions)
        enrolled(learner, quiz)
        attempt = attempt_start(user=learner, quiz=quiz)
        url = f"/assessments/attempts/{attempt.uuid}/"
        learner_client.get(url)
        wrong = {q.id: "-1" for q in attempt_questions(attempt) if q.kind == "numeric"}
        assert len(wrong) == len(questions) - 6
        with CaptureQueriesContext(connection) as submit:
            response = learner_client.post(url, attempt_form(attempt, wrong, action="submit"))
        assert response.status_code == 302
        statements = [q["sql"].split()[0] for q in submit.captured_queries]
        attempt.refresh_from_db()
        assert attempt.state == "submitted" and not attempt.passed
        assert statements.count("INSERT") == 1 and statements.count("UPDATE") == 1, statements
        assert len(submit.captured_queries) <= 8, statements
