"""Races on PostgreSQL (services tier): concurrent starts and submits of one attempt."""

import os
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from assessments.models import Attempt, AttemptState, QuizPage
from assessments.services import (
    AttemptClosed,
    AttemptConflict,
    attempt_start,
    attempt_submit,
    attempts_close_all_overdue,
)
from assessments.services.quiz import attempt_locked
from tests.factories import UserFactory, enrolled, quiz_page, right_answers

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        message = "race tests need PostgreSQL: run them with `make test-services`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def race(n, fn):
    barrier = threading.Barrier(n)
    outcomes = []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait()
            value = fn()
            with lock:
                outcomes.append(("ok", value))
        except Exception as exc:  # noqa: BLE001 - every outcome is inspected below
            with lock:
                outcomes.append(("error", exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_two_concurrent_starts_make_exactly_one_attempt():
    learner = UserFactory()
    quiz = quiz_page(attempts_allowed=1)
    enrolled(learner, quiz)
    outcomes = race(2, lambda: attempt_start(user=learner, quiz=quiz).pk)
    assert [kind for kind, _v in outcomes] == ["ok", "ok"]
    assert len({value for _k, value in outcomes}) == 1
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1


def test_ten_concurrent_submits_grade_exactly_once():
    learner = UserFactory()
    quiz = quiz_page()
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    assert right_answers(attempt)
    version = attempt.version
    outcomes = race(10, lambda: attempt_submit(user=learner, attempt=attempt).pk)
    kinds = sorted(kind for kind, _v in outcomes)
    assert kinds == ["error"] * 9 + ["ok"]
    assert all(isinstance(v, AttemptConflict) for k, v in outcomes if k == "error")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.version == version + 1


def test_the_scheduled_close_and_a_late_submit_close_the_attempt_once():

    learner = UserFactory()
    quiz = quiz_page(time_limit_minutes=10, grace_period_seconds=30)
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    version = attempt.version
    calls = iter(
        [
            lambda: attempts_close_all_overdue(),
            lambda: attempt_submit(user=learner, attempt=attempt),
        ]
    )
    lock = threading.Lock()

    def one():
        with lock:
            fn = next(calls)
        return fn()

    outcomes = race(2, one)
    closed = [v for k, v in outcomes if k == "ok" and isinstance(v, int)]
    late = [v for k, v in outcomes if k == "error"]
    # the sweep closed it (1), or found it closed by the submit (0); the submit is told either
    # that time was up (it closed it) or that the attempt was already closed
    assert len(closed) == 1 and len(late) == 1, outcomes
    assert isinstance(late[0], AttemptClosed | AttemptConflict)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.overdue
    assert attempt.version == version + 1


def test_the_attempt_lock_holds_only_the_attempt_row():
    """A learner's submit locks their attempt, not the quiz page: other learners and the
    editor publishing the quiz are not queued behind it."""

    learner = UserFactory()
    quiz = quiz_page()
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                attempt_locked(attempt.uuid, user=learner)
                held.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(30)
        with transaction.atomic():
            page = QuizPage.objects.select_for_update(nowait=True).get(pk=quiz.pk)
            assert page.pk == quiz.pk
        with pytest.raises(DatabaseError), transaction.atomic():
            Attempt.objects.select_for_update(nowait=True).get(pk=attempt.pk)
    finally:
        release.set()
        thread.join(30)
