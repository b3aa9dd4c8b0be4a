"""The issue's bad quiz input, sent through the browser's door (POSTs to the attempt page and
the start URL): each gets a clear answer and writes nothing. The submit reads the form under
the attempt's lock, so these also prove a refused submit leaves the attempt as it was."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptState, Response
from assessments.services import attempt_start, attempt_submit
from assessments.services.quiz import attempt_questions
from tests.factories import UserFactory, attempt_form, enrolled, quiz_page, right_answers

pytestmark = pytest.mark.django_db


def snapshot(attempt):
    attempt.refresh_from_db()
    rows = sorted(
        (r.question_id, repr(r.answer), r.fraction, r.checked_at)
        for r in Response.objects.filter(attempt=attempt)
    )
    return (attempt.state, attempt.version, attempt.score, attempt.submitted_at, rows)


def url(attempt):
    return f"/assessments/attempts/{attempt.uuid}/"


def test_a_submit_after_deadline_plus_grace_grades_only_what_was_saved_in_time(
    learner_client, learner
):
    quiz = quiz_page(time_limit_minutes=10, grace_period_seconds=30)
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz, now=timezone.now() - timedelta(minutes=11))
    form = attempt_form(attempt, right_answers(attempt), action="submit")
    response = learner_client.post(url(attempt), form, follow=True)
    assert response.redirect_chain[0][0].endswith("/result/")
    assert "Time was up, so this submission came too late" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.overdue
    assert attempt.score == 0 and not attempt.passed
    assert not Response.objects.filter(attempt=attempt).exclude(answer={}).exists()


def test_a_late_submit_with_the_discard_policy_does_not_count(learner_client, learner):
    quiz = quiz_page(time_limit_minutes=10, grace_period_seconds=30, overdue_policy="discard")
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    form = attempt_form(attempt, right_answers(attempt), action="submit")
    response = learner_client.post(url(attempt), form, follow=True)
    assert "this attempt does not count" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.DISCARDED and attempt.score is None
    assert not Response.objects.filter(attempt=attempt).exists()


def test_a_submit_with_non_numeric_text_is_refused_and_the_attempt_stays_open(
    learner_client, learner, quiz
):
    attempt = attempt_start(user=learner, quiz=quiz)
    numeric = next(q.id for q in attempt_questions(attempt) if q.kind == "numeric")
    answers = {**right_answers(attempt), numeric: "eighteen point two"}
    before = snapshot(attempt)
    response = learner_client.post(url(attempt), attempt_form(attempt, answers, action="submit"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a number, for example 18.2" in body
    assert 'value="eighteen point two"' in body
    assert snapshot(attempt) == before  # not submitted, no answer saved


def test_a_submit_naming_a_question_outside_the_attempt_is_refused(learner_client, learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    form = attempt_form(attempt, right_answers(attempt), action="submit")
    form["shown"] = [*form["shown"], "from-another-quiz"]
    form["q-from-another-quiz"] = "1"
    before = snapshot(attempt)
    response = learner_client.post(url(attempt), form)
    assert response.status_code == 400
    assert "not part of this attempt: from-another-quiz" in response.content.decode()
    assert snapshot(attempt) == before


def test_a_damaged_version_field_is_refused(learner_client, learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    form = attempt_form(attempt, right_answers(attempt), action="submit")
    form["version"] = "1; DROP TABLE"
    before = snapshot(attempt)
    response = learner_client.post(url(attempt), form)
    assert response.status_code == 400
    assert "The form is damaged; reload the page." in response.content.decode()
    assert snapshot(attempt) == before


def test_saving_into_another_learners_attempt_is_404_and_writes_nothing(learner_client, quiz):
    other = UserFactory()
    enrolled(other, quiz)
    theirs = attempt_start(user=other, quiz=quiz)
    before = snapshot(theirs)
    for action in ("save", "submit", f"check:{theirs.question_ids[0]}"):
        form = attempt_form(theirs, right_answers(theirs), action=action)
        assert learner_client.post(url(theirs), form).status_code == 404
    assert snapshot(theirs) == before


def test_a_third_start_when_two_are_allowed_is_refused_with_a_message(learner_client, learner):
    quiz = quiz_page(attempts_allowed=2)
    enrolled(learner, quiz)
    for _ in range(2):
        attempt_submit(user=learner, attempt=attempt_start(user=learner, quiz=quiz))
    response = learner_client.post(f"/assessments/quizzes/{quiz.pk}/start/", follow=True)
    assert "You have used all 2 attempts allowed for this quiz." in response.content.decode()
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 2
