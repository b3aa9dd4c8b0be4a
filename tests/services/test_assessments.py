"""Assessments on the real services: the scheduled close run by a real Celery worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptState
from assessments.services import attempt_start
from assessments.tasks import close_overdue_attempts
from tests.factories import UserFactory, enrolled, quiz_page

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_real_worker_closes_overdue_attempts_once(celery_worker):
    learner, other = UserFactory(), UserFactory()
    quiz = quiz_page(time_limit_minutes=10, grace_period_seconds=30)
    enrolled(learner, quiz)
    enrolled(other, quiz)
    late = attempt_start(user=learner, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    on_time = attempt_start(user=other, quiz=quiz)

    def runs() -> list[str]:
        return [
            line.rsplit(":", 1)[-1].strip()
            for line in celery_worker.log.read_text().splitlines()
            if "close_overdue_attempts" in line and "succeeded" in line
        ]

    close_overdue_attempts.delay()
    assert celery_worker.wait_for(lambda: runs(), what="the first run") == ["1"]
    late.refresh_from_db()
    assert late.state == AttemptState.SUBMITTED and late.overdue and late.score == 0
    assert Attempt.objects.get(pk=on_time.pk).state == AttemptState.IN_PROGRESS

    close_overdue_attempts.delay()
    assert celery_worker.wait_for(lambda: len(runs()) == 2 and runs(), what="the second run") == [
        "1",
        "0",
    ]
    assert Attempt.objects.get(pk=late.pk).version == late.version
