"""Gradebook benchmark: `.venv/bin/python -m bench.gradebook [--repeats 30]`.

Median server time (Django's test client, in process) of a cohort's gradebook page and of its
XLSX export for 200 learners x 30 steps with three quizzes (two submitted attempts each per
learner, graded by the quiz's method), one override every ten learners, each divided by the
median of a bare Wagtail page (the home page with the apps' sections turned off) requested by
the same signed-in trainer in the same run. Goal: the page at most 5x.
"""

import sys

from ._support import bench_main, interleaved_medians_ms

LEARNERS = 200
GOALS = {"gradebook page": 5.0}


def add_quizzes(cohort, users, trainer) -> None:
    """Three quizzes at the end of the first three modules, two attempts per learner each."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from assessments.models import Attempt, AttemptState
    from cohorts.models import GradeOverride
    from courses.models import ModulePage
    from tests.factories import quiz_page

    modules = list(ModulePage.objects.child_of(cohort.course))[:3]
    methods = ["highest", "last", "average"]
    quizzes = [
        quiz_page(module=m, title=f"Check {i + 1}", grading_method=methods[i])
        for i, m in enumerate(modules)
    ]
    now = timezone.now()
    Attempt.objects.bulk_create(
        [
            Attempt(
                user=u,
                quiz=q,
                revision=q.latest_revision,
                number=n,
                state=AttemptState.SUBMITTED,
                started_at=now - timedelta(hours=n),
                submitted_at=now - timedelta(hours=n),
                score=Decimal((i * 7 + n * 13) % 101),
            )
            for i, u in enumerate(users)
            for q in quizzes
            for n in (1, 2)
        ]
    )
    GradeOverride.objects.bulk_create(
        [
            GradeOverride(
                cohort=cohort,
                user=u,
                item_key=f"quiz-{quizzes[0].pk}",
                score=Decimal(90),
                reason="Marked by hand",
                created_by=trainer,
            )
            for u in users[::10]
        ]
    )


def main() -> int:
    return bench_main(run, __doc__, repeats=30)


def run(repeats: int) -> int:
    from django.test import Client
    from django.urls import reverse
    from wagtail import hooks

    from cohorts.models import Membership
    from learning.demo import home_page_ensure

    from .cohorts import populate

    home_page_ensure()
    trainer, cohort = populate(learners=LEARNERS, modules=6, steps_per_module=5)
    users = [m.user for m in Membership.objects.filter(cohort=cohort).select_related("user")]
    add_quizzes(cohort, users, trainer)
    hooks._hooks["home_page_sections"] = []  # noqa: SLF001 - bare page for the baseline

    client = Client()
    client.force_login(trainer)
    urls = {
        "bare Wagtail page (baseline)": "/",
        "gradebook page": reverse("cohorts:gradebook", args=[cohort.pk]),
        "gradebook XLSX export": reverse("cohorts:gradebook_export", args=[cohort.pk]),
    }
    timings = interleaved_medians_ms(client, urls, repeats)
    base = timings.pop("bare Wagtail page (baseline)")
    print(
        f"median server time over {repeats} interleaved requests, {LEARNERS} learners x 30 steps,"
        " 3 quizzes, same trainer, same run"
    )
    print(f"  {'bare Wagtail page (baseline)':<30} {base:8.2f} ms    1.00x")
    status = 0
    for name, ms in timings.items():
        ratio = ms / base
        goal = GOALS.get(name)
        note = ""
        if goal:
            note = f"  (goal <= {goal}x, {'ok' if ratio <= goal else 'OVER GOAL'})"
            status |= ratio > goal
        print(f"  {name:<30} {ms:8.2f} ms  {ratio:6.2f}x{note}")
    return status


if __name__ == "__main__":
    sys.exit(main())
