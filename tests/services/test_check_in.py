"""Forty learners of one webinar check in at once with the code on the trainer's screen
(PostgreSQL, Redis limiter): everyone gets in, once.

The old codes checked in one person each: of forty people typing the same code, one got in
and thirty-nine were told someone else had used it.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance
from cohorts.services import checkin_code_current
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.services

LEARNERS = 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forty_learners_check_in_concurrently_with_the_same_code(home_page, trainer):
    cohort = cf.cohort(course=make_course(title="Webinar rush"), trainer=trainer)
    session = cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=5))
    clients = []
    for _ in range(LEARNERS):
        client = Client(REMOTE_ADDR="203.0.113.7")  # one office, one address
        client.force_login(cf.member(cohort))
        clients.append(client)
    code = checkin_code_current(session=session).code
    barrier = threading.Barrier(LEARNERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def check_in(client):
        try:
            barrier.wait(timeout=30)
            response = client.post(reverse("cohorts:check_in"), {"code": code})
            result = str(response.status_code)
        except Exception as exc:  # noqa: BLE001 - any error is the test's failure
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=check_in, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcomes == ["302"] * LEARNERS, outcomes
    rows = Attendance.objects.filter(session=session)
    assert rows.count() == LEARNERS
    assert set(rows.values_list("status", "source")) == {("present", "check_in")}
    assert rows.values("user_id").distinct().count() == LEARNERS
