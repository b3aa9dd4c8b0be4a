"""The one rate limiter (allauth's, on the shared Redis cache) holds under parallel requests.

The hand-written check-in counter it replaced read, then wrote: 30 parallel wrong codes got
17 looked at against a limit of 10. allauth's limiter takes each place under a cache lock.
"""

import threading
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance
from cohorts.services import checkin_redeem
from tests.factories import UserFactory
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.services

PARALLEL = 30


def run_in_parallel(work, count=PARALLEL):
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(n):
        try:
            barrier.wait(timeout=20)
            result = work(n)
        except ValidationError as exc:
            result = " ".join(exc.messages)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_parallel_check_in_codes_get_at_most_ten_looked_at(home_page, trainer):
    cohort = cf.cohort(course=make_course(title="Parallel"), trainer=trainer)
    cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=10))
    learner = cf.member(cohort)
    factory = RequestFactory()

    def guess(n):
        request = factory.post(reverse("cohorts:check_in"), REMOTE_ADDR="203.0.113.9")
        request.user = learner
        checkin_redeem(request=request, user=learner, code=f"WRONG{n:02d}")
        return "processed"

    outcomes = run_in_parallel(guess)
    looked_at = outcomes.count("This code is not valid. Check it and try again.")
    refused = outcomes.count("Too many wrong codes. Wait a few minutes and try again.")
    assert len(outcomes) == PARALLEL
    assert 1 <= looked_at <= 10
    assert looked_at + refused == PARALLEL
    assert not Attendance.objects.exists()
    keys = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).keys("*cohorts_checkin*")
    assert keys, "the counter lives in the shared Redis cache"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_parallel_password_guesses_from_one_address_get_at_most_five_tried(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    victim = UserFactory(roles=["Learner"])

    def guess(n):
        response = Client().post(
            reverse("account_login"),
            {"login": victim.email, "password": f"guess-{n:04d}-x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        )
        if "Too many failed login attempts" in response.text or response.status_code == 429:
            # The pair is locked, or the limiter could not take its lock in time (it then
            # refuses rather than let a request through uncounted).
            return "refused"
        if "not correct" in response.text:
            return "tried"
        return f"{response.status_code} {response.text[:300]}"

    outcomes = run_in_parallel(guess)
    assert len(outcomes) == PARALLEL
    assert set(outcomes) <= {"refused", "tried"}, outcomes
    assert 1 <= outcomes.count("tried") <= 5
    # The owner, elsewhere, still gets in.
    owner = Client()
    owner.post(
        reverse("account_login"),
        {"login": victim.email, "password": "correct-horse-battery-9"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert owner.session.get("_auth_user_id") == str(victim.pk)
