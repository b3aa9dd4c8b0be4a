"""Only the cohort's active members and trainers see its discussions; everyone else, signed
in or not, gets 404 on every address, and no input makes a 500."""

import pytest
from django.urls import reverse

from cohorts import services as cohort_services
from discussions.models import Post, Thread
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf

from .conftest import make_thread

pytestmark = pytest.mark.django_db


def _urls(cohort, thread):
    post = thread.posts.first()
    return {
        "space": reverse("discussions:space", args=[cohort.pk]),
        "general": reverse("discussions:forum", args=[cohort.pk, "general"]),
        "thread": reverse("discussions:thread", args=[cohort.pk, thread.pk]),
        "post": reverse("discussions:post", args=[cohort.pk, post.pk]),
        "report": reverse("discussions:report", args=[cohort.pk, post.pk]),
        "reports": reverse("discussions:reports", args=[cohort.pk]),
    }


def _outsiders(course):
    other_trainer = UserFactory(roles=["Trainer"])
    cf.cohort(course=course, trainer=other_trainer)
    return {
        "anonymous": None,
        "other learner": UserFactory(roles=["Learner"]),
        "trainer of another cohort": other_trainer,
    }


@pytest.mark.parametrize("who", ["anonymous", "other learner", "trainer of another cohort"])
def test_outsiders_get_404_everywhere(client, cohort, course, thread, who):
    person = _outsiders(course)[who]
    if person:
        client.force_login(person)
    for name, url in _urls(cohort, thread).items():
        assert client.get(url).status_code == 404, name
    post = thread.posts.first()
    posts = [
        (reverse("discussions:thread", args=[cohort.pk, thread.pk]), {"body": "Intruder"}),
        (reverse("discussions:forum", args=[cohort.pk, "general"]), {"title": "x", "body": "y"}),
        (reverse("discussions:moderate", args=[cohort.pk, thread.pk]), {"action": "lock"}),
        (reverse("discussions:hide", args=[cohort.pk, post.pk]), {"hidden": "1"}),
        (reverse("discussions:report", args=[cohort.pk, post.pk]), {"reason": "spam"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Post.objects.count() == 1 and Thread.objects.filter(locked=True).count() == 0
    assert not Post.objects.filter(hidden=True).exists()


def test_withdrawn_member_gets_404(client, cohort, member, thread, trainer):
    cohort_services.membership_remove(cohort=cohort, user=member)
    client.force_login(member)
    assert client.get(reverse("discussions:space", args=[cohort.pk])).status_code == 404


def test_members_and_trainers_see_the_space(client, cohort, member, trainer, thread):
    for person in (member, trainer):
        client.force_login(person)
        for name, url in _urls(cohort, thread).items():
            if name == "reports" and person == member:
                continue
            response = client.get(url, follow=True)
            assert response.status_code == 200, (name, person)


def test_members_cannot_moderate(member_client, cohort, thread):
    post = thread.posts.first()
    assert member_client.get(reverse("discussions:reports", args=[cohort.pk])).status_code == 403
    url = reverse("discussions:moderate", args=[cohort.pk, thread.pk])
    assert member_client.post(url, {"action": "lock"}).status_code == 403
    url = reverse("discussions:hide", args=[cohort.pk, post.pk])
    assert member_client.post(url, {"hidden": "1"}).status_code == 403
    thread.refresh_from_db()
    post.refresh_from_db()
    assert not thread.locked and not post.hidden


@pytest.mark.parametrize(
    "path",
    [
        "/discussions/99999999/",
        "/discussions/99999999999/",
        "/discussions/0/",
        "/discussions/{c}/999999/",
        "/discussions/{c}/abc/",
        "/discussions/{c}/threads/99999999999999999999/",
        "/discussions/{c}/threads/2147483648/",
        "/discussions/{c}/posts/9999999/",
        "/discussions/{c}/posts/9999999/report/",
        "/discussions/{c}/%00/",
        "/discussions/unsubscribe/forged/",
        "/discussions/unsubscribe/1:abc:def/",
    ],
)
def test_invalid_ids_are_404(member_client, cohort, path):
    response = member_client.get(path.format(c=cohort.pk))
    assert response.status_code in (400, 404)


def test_another_cohorts_thread_is_404(member_client, course, cohort, trainer):
    other = cf.cohort(course=course, trainer=trainer)
    foreign = make_thread(other, trainer)
    url = reverse("discussions:thread", args=[cohort.pk, foreign.pk])
    assert member_client.get(url).status_code == 404
    post = foreign.posts.first()
    assert (
        member_client.get(reverse("discussions:post", args=[cohort.pk, post.pk])).status_code == 404
    )


def test_bad_query_strings(member_client, cohort, thread):
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    for page in ("abc", "-1", "0", "99999999999999999999", "1.5", ""):
        assert member_client.get(url, {"page": page}).status_code == 200
    url = reverse("discussions:forum", args=[cohort.pk, "general"])
    assert member_client.get(url, {"page": "x" * 5000}).status_code == 200


def test_wrong_methods(member_client, cohort, thread):
    assert member_client.put(reverse("discussions:space", args=[cohort.pk])).status_code == 405
    url = reverse("discussions:moderate", args=[cohort.pk, thread.pk])
    assert member_client.get(url).status_code == 405
