"""Races on PostgreSQL (services tier): concurrent starts and submits of one attempt."""

import os
import threading

import pytest
from django.conf import settings
from django.db import connection

from assessments.models import Attempt, AttemptState
from assessments.services import AttemptConflict, attempt_start, attempt_submit
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
