"""The scheduled close: attempts past deadline + grace are closed by the quiz's policy without
the learner coming back (Celery beat runs `close_overdue_attempts`)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from assessments.forms import answers_from_post
from assessments.models import Attempt, AttemptState, Response
from assessments.selectors import quiz_grades_for
from assessments.services import attempt_start, attempt_submit, response_save
from assessments.services import quiz as quiz_services
from assessments.services.quiz import attempt_questions
from assessments.tasks import close_overdue_attempts
from courses.models import StepProgress
from tests.factories import UserFactory, attempt_form, enrolled, quiz_page, right_answers

pytestmark = pytest.mark.django_db


def timed(learner, **kw):
    quiz = quiz_page(time_limit_minutes=10, grace_period_seconds=30, pass_mark=50, **kw)
    enrolled(learner, quiz)
    return quiz


def started(learner, quiz, *, ago: timedelta, right: int = 0) -> Attempt:
    """An attempt started `ago`, with its first `right` questions answered right in time."""
    t0 = timezone.now() - ago
    attempt = attempt_start(user=learner, quiz=quiz, now=t0)
    if right:
        answers = right_answers(attempt)
        form = attempt_form(attempt, {qid: answers[qid] for qid in attempt.question_ids[:right]})
        post = QueryDict(mutable=True)
        for key, value in form.items():
            post.setlist(key, value if isinstance(value, list) else [value])
        questions = {q.id: q for q in attempt_questions(attempt)}
        raw = answers_from_post(attempt, questions, post)
        response_save(user=learner, attempt=attempt, answers=raw, now=t0)
    return attempt


def rows():
    return sorted(
        (a.pk, a.state, a.version, a.score, a.overdue, a.submitted_at)
        for a in Attempt.objects.all()
    ), sorted((r.attempt_id, r.question_id, r.fraction, r.points) for r in Response.objects.all())


def test_the_beat_schedule_runs_the_task():
    entry = settings.CELERY_BEAT_SCHEDULE["assessments-close-overdue-attempts"]
    assert entry["task"] == close_overdue_attempts.name
    assert entry["schedule"] <= 15 * 60


def test_the_task_closes_overdue_attempts_by_policy_and_a_second_run_changes_nothing():
    ana, ben, chloe, dev, eve = (UserFactory() for _ in range(5))
    graded = timed(ana)
    discarded = timed(ben, overdue_policy="discard", title="Discard")
    enrolled(chloe, graded)
    enrolled(dev, graded)
    untimed = quiz_page(module=graded.get_parent(), title="No limit")
    enrolled(eve, untimed)

    # two of seven answers saved in time, then the learner never came back
    late = started(ana, graded, ago=timedelta(hours=2), right=2)
    gone = started(ben, discarded, ago=timedelta(hours=2), right=1)
    in_grace = started(chloe, graded, ago=timedelta(minutes=10, seconds=10))
    done = started(dev, graded, ago=timedelta(hours=3))
    attempt_submit(user=dev, attempt=done, now=done.started_at + timedelta(minutes=5))
    no_limit = started(eve, untimed, ago=timedelta(days=30))

    assert close_overdue_attempts.delay().get() == 2

    late.refresh_from_db()
    assert late.state == AttemptState.SUBMITTED and late.overdue
    assert late.score == Decimal("28.57")  # the two answers saved before time ran out
    assert late.submitted_at is not None
    assert Response.objects.filter(attempt=late, fraction=1).count() == 2
    gone.refresh_from_db()
    assert gone.state == AttemptState.DISCARDED and gone.overdue and gone.score is None
    for untouched in (in_grace, no_limit):
        untouched.refresh_from_db()
        assert untouched.state == AttemptState.IN_PROGRESS and untouched.version == 1
    # the trainers' progress matrix sees the grade without the learner coming back
    assert quiz_grades_for(user_ids=[ana.pk, ben.pk], step_ids=[graded.pk, discarded.pk]) == {
        (ana.pk, graded.pk): 28.57
    }

    before = rows()
    assert close_overdue_attempts.delay().get() == 0
    assert rows() == before


def test_an_auto_submitted_attempt_that_passes_completes_the_step():
    learner = UserFactory()
    quiz = timed(learner)
    attempt = started(learner, quiz, ago=timedelta(hours=1), right=7)

    assert quiz_services.attempts_close_all_overdue() == 1

    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.passed and attempt.overdue
    assert StepProgress.objects.get(user=learner, step=quiz).completed_at is not None


def test_the_learner_coming_back_after_the_sweep_sees_the_result(learner_client, learner):
    quiz = timed(learner)
    attempt = started(learner, quiz, ago=timedelta(hours=1))
    assert close_overdue_attempts.delay().get() == 1
    response = learner_client.get(f"/assessments/attempts/{attempt.uuid}/")
    assert response.status_code == 302 and response.url.endswith("/result/")
    assert learner_client.get(response.url).status_code == 200
    assert Attempt.objects.get(pk=attempt.pk).version == attempt.version + 1  # closed once


def test_one_attempt_that_cannot_be_closed_does_not_keep_the_others_open(monkeypatch):
    first, second = UserFactory(), UserFactory()
    quiz = timed(first)
    enrolled(second, quiz)
    broken = started(first, quiz, ago=timedelta(hours=2))
    fine = started(second, quiz, ago=timedelta(hours=1))
    close = quiz_services._close_overdue

    def failing(attempt, *, now):
        if attempt.pk == broken.pk:
            raise RuntimeError("revision cannot be loaded")
        return close(attempt, now=now)

    monkeypatch.setattr(quiz_services, "_close_overdue", failing)
    assert quiz_services.attempts_close_all_overdue() == 1
    assert Attempt.objects.get(pk=broken.pk).state == AttemptState.IN_PROGRESS
    assert Attempt.objects.get(pk=broken.pk).version == 1  # rolled back: nothing half-written
    assert Attempt.objects.get(pk=fine.pk).state == AttemptState.SUBMITTED
