"""Discussions on PostgreSQL and Redis: parallel posts by one account get no more than its
allowance (allauth's limiter on the shared cache), and nothing half-written."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from discussions.models import Post, Thread
from tests.discussions.conftest import make_thread
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.services

PARALLEL = 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_replies_respect_the_allowance(home_page, trainer, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "discussions_post": "3/m/user"}
    cohort = cf.cohort(course=make_course(title="Parallel talk"), trainer=trainer)
    member = cf.member(cohort)
    thread = make_thread(cohort, member)
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    barrier = threading.Barrier(PARALLEL)
    statuses: list[int] = []
    lock = threading.Lock()

    def run(n):
        client = Client()
        client.force_login(member)
        try:
            barrier.wait(timeout=20)
            status = client.post(url, {"body": f"Reply {n}"}).status_code
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(statuses) == [302] * 3 + [429] * (PARALLEL - 3)
    assert Post.objects.filter(thread=thread).count() == 4
    assert Thread.objects.get(pk=thread.pk).post_count == 4
