"""Links from the cohort's and the course's pages; query counts flat as discussions grow;
the demo thread."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.demo import COHORT_NAME
from discussions import demo
from discussions.models import Post, Thread
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf

from .conftest import make_thread

pytestmark = pytest.mark.django_db


def test_links_from_the_cohort_and_course_pages(client, cohort, course, member, trainer):
    space = reverse("discussions:space", args=[cohort.pk])
    client.force_login(member)
    assert space in client.get(reverse("cohorts:learner_cohort", args=[cohort.pk])).content.decode()
    assert space in client.get(course.url).content.decode()
    client.force_login(trainer)
    assert space in client.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    client.force_login(UserFactory(roles=["Learner"]))
    assert "/discussions/" not in client.get(course.url).content.decode()
    client.logout()
    assert "/discussions/" not in client.get(course.url).content.decode()


def _fill(cohort, members, threads, posts_per_thread):
    for i in range(threads):
        thread = make_thread(cohort, members[i % len(members)], title=f"Thread {i}")
        Post.objects.bulk_create(
            [
                Post(thread=thread, author=members[j % len(members)], body=f"<p>{j}</p>")
                for j in range(posts_per_thread)
            ]
        )
    return Thread.objects.filter(cohort=cohort).order_by("pk").first()


@pytest.mark.parametrize("who", ["member", "trainer"])
def test_query_counts_are_flat(client, cohort, member, trainer, who, django_assert_max_num_queries):
    members = [member] + [cf.member(cohort, roles=["Learner"]) for _ in range(3)]
    client.force_login(member if who == "member" else trainer)
    thread = _fill(cohort, members, threads=2, posts_per_thread=3)
    urls = [
        reverse("discussions:space", args=[cohort.pk]),
        reverse("discussions:forum", args=[cohort.pk, "general"]),
        reverse("discussions:thread", args=[cohort.pk, thread.pk]),
    ]
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        counts.append(len(small))
    more = [cf.member(cohort, roles=["Learner"]) for _ in range(6)]
    _fill(cohort, members + more, threads=40, posts_per_thread=60)
    Post.objects.bulk_create([Post(thread=thread, author=m, body="<p>more</p>") for m in more * 10])
    for url, before in zip(urls, counts, strict=True):
        client.get(url)
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200
    assert max(counts) <= 12


def test_demo_thread_is_idempotent(demo_data):
    cohort_threads = Thread.objects.filter(cohort__name=COHORT_NAME)
    assert cohort_threads.count() == 1
    thread = cohort_threads.get()
    assert thread.pinned and thread.posts.count() == len(demo.REPLIES) + 1
    call_command("load_demo_data", stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert Thread.objects.filter(cohort__name=COHORT_NAME).count() == 1
    assert thread.posts.count() == len(demo.REPLIES) + 1
