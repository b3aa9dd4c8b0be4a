"""Discussions benchmark: `.venv/bin/python -m bench.discussions [--repeats 30]`.

Median server time (Django's test client, in process, no network) of a thread of 500 posts
(its first and its last page), of a forum of 200 threads and of the cohort's space, in a
cohort of 100 members, each divided by the median of a bare Wagtail page (the home page
with the apps' sections turned off) requested by the same signed-in member in the same run.
Goal: the thread page at most 3x.
"""

import sys

from ._support import bench_main, interleaved_medians_ms

GOAL = 3.0


def populate(*, members: int, posts: int, threads: int):
    """A cohort with bulk-created members, one thread of `posts` posts and `threads` more."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cohorts.models import Membership
    from discussions import services
    from discussions.models import Post, Thread
    from discussions.selectors import GENERAL, Forum, Space
    from tests.factories import UserFactory
    from tests.factories import cohort_factories as cof
    from tests.factories import course_factories as cf

    User = get_user_model()
    trainer = UserFactory(roles=["Trainer"])
    course = cf.course(title="Governance, discussions", modules=6, steps_per_module=2)
    cohort = cof.cohort(course=course, trainer=trainer)
    users = User.objects.bulk_create(
        [
            User(email=f"bench-{i}@example.org", full_name=f"Participant {i:03d}")
            for i in range(members)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user=u, source="import") for u in users]
    )
    space = Space(cohort=cohort, moderator=True)
    general = Forum(key=GENERAL, title="", module_id=None)
    body = (
        "<p>In our country the fund collects contributions through the tax authority; "
        "<strong>coverage</strong> of the self-employed is still low.</p>"
        "<ul><li>monthly declarations</li><li>a single registry</li></ul>"
    )
    thread = services.thread_create(
        space=space, forum=general, author=trainer, title="Collection", body=body
    )
    start = timezone.now() - timedelta(days=30)
    Post.objects.bulk_create(
        [Post(thread=thread, author=users[i % members], body=body) for i in range(posts - 1)]
    )
    Post.objects.filter(thread=thread).update(created_at=start)
    Thread.objects.filter(pk=thread.pk).update(post_count=posts)
    Thread.objects.bulk_create(
        [
            Thread(
                cohort=cohort,
                author=users[i % members],
                title=f"Question {i}",
                last_post_at=start + timedelta(minutes=i),
                post_count=1,
            )
            for i in range(threads)
        ]
    )
    return users[0], cohort, thread


def main() -> int:
    return bench_main(run, __doc__, repeats=30)


def run(repeats: int) -> int:
    from django.test import Client
    from django.urls import reverse
    from wagtail import hooks

    from learning.demo import home_page_ensure

    home_page_ensure()
    member, cohort, thread = populate(members=100, posts=500, threads=200)
    hooks._hooks["home_page_sections"] = []  # noqa: SLF001 - bare page for the baseline

    client = Client()
    client.force_login(member)
    thread_url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    urls = {
        "bare Wagtail page (baseline)": "/",
        "thread of 500 posts, page 1": thread_url,
        "thread of 500 posts, last page": f"{thread_url}?page=17",
        "forum of 201 threads": reverse("discussions:forum", args=[cohort.pk, "general"]),
        "cohort's space": reverse("discussions:space", args=[cohort.pk]),
    }
    timings = interleaved_medians_ms(client, urls, repeats)
    base = timings.pop("bare Wagtail page (baseline)")
    print(f"median server time over {repeats} interleaved requests, same member, same run")
    print(f"  {'bare Wagtail page (baseline)':<34} {base:8.2f} ms    1.00x")
    status = 0
    for name, ms in timings.items():
        ratio = ms / base
        note = ""
        if name.startswith("thread"):
            note = f"  (goal <= {GOAL}x, {'ok' if ratio <= GOAL else 'OVER GOAL'})"
            status |= ratio > GOAL
        print(f"  {name:<34} {ms:8.2f} ms  {ratio:6.2f}x{note}")
    return status


if __name__ == "__main__":
    sys.exit(main())
