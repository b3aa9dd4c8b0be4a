"""Trainers pin, lock and hide; members report; trainers see the reports."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from discussions.models import PostReport, Thread
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf

from .conftest import make_thread

pytestmark = pytest.mark.django_db


def test_pin_lock_hide_a_thread(client, cohort, member, trainer, thread):
    later = make_thread(cohort, member, title="A later thread")
    client.force_login(trainer)
    url = reverse("discussions:moderate", args=[cohort.pk, thread.pk])
    for action in ("pin", "lock", "hide"):
        assert client.post(url, {"action": action}).status_code == 302
    thread.refresh_from_db()
    assert thread.pinned and thread.locked and thread.hidden
    assert client.post(url, {"action": "explode"}).status_code == 302
    forum = reverse("discussions:forum", args=[cohort.pk, "general"])
    titles = [
        a.get_text()
        for a in BeautifulSoup(client.get(forum).content, "html.parser").select(".thread-list a")
    ]
    assert titles == [thread.title, later.title]  # pinned first, even though older
    client.force_login(member)
    titles = [
        a.get_text()
        for a in BeautifulSoup(client.get(forum).content, "html.parser").select(".thread-list a")
    ]
    assert titles == [later.title]
    assert client.get(reverse("discussions:thread", args=[cohort.pk, thread.pk])).status_code == 404
    client.force_login(trainer)
    client.post(url, {"action": "show"})
    client.post(url, {"action": "unpin"})
    thread.refresh_from_db()
    assert not thread.hidden and not thread.pinned and thread.locked


def test_hidden_post_is_gone_for_members(client, cohort, member, trainer, thread):
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    client.force_login(member)
    client.post(url, {"body": "Something rude"})
    post = thread.posts.last()
    client.force_login(trainer)
    assert (
        client.post(
            reverse("discussions:hide", args=[cohort.pk, post.pk]), {"hidden": "1"}
        ).status_code
        == 302
    )
    assert "Something rude" in client.get(url).content.decode()  # trainers still see it
    client.force_login(member)
    assert "Something rude" not in client.get(url).content.decode()
    assert client.get(reverse("discussions:post", args=[cohort.pk, post.pk])).status_code == 404


def test_members_report_and_trainers_see_reports(client, cohort, member, trainer, thread):
    reporter = cf.member(cohort, roles=["Learner"])
    post = thread.posts.first()
    url = reverse("discussions:report", args=[cohort.pk, post.pk])
    client.force_login(reporter)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "<script>alert(1)</script> off topic"}).status_code == 302
    assert client.post(url, {"reason": "Off topic"}).status_code == 302  # once per member
    assert client.post(url, {"reason": "x" * 1001}).status_code == 400
    report = PostReport.objects.get()
    assert report.reason == "Off topic" and report.reporter == reporter
    client.force_login(trainer)
    page = client.get(reverse("discussions:reports", args=[cohort.pk])).content.decode()
    assert "Off topic" in page and thread.title in page
    thread_page = client.get(reverse("discussions:thread", args=[cohort.pk, thread.pk]))
    assert "1 report" in thread_page.content.decode()


def test_moderation_is_refused_on_another_cohorts_thread(client, course, cohort, trainer):
    other_trainer = UserFactory(roles=["Trainer"])
    other = cf.cohort(course=course, trainer=other_trainer)
    foreign = make_thread(other, other_trainer)
    client.force_login(trainer)
    url = reverse("discussions:moderate", args=[cohort.pk, foreign.pk])
    assert client.post(url, {"action": "lock"}).status_code == 404
    url = reverse("discussions:moderate", args=[other.pk, foreign.pk])
    assert client.post(url, {"action": "lock"}).status_code == 404
    assert not Thread.objects.filter(locked=True).exists()
