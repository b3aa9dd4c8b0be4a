"""Cohorts benchmark: `.venv/bin/python -m bench.cohorts [--repeats 30]`.

Median server time (Django's test client, in process, no network) of the trainer's dashboard
for a cohort of 500 learners x 30 steps (four live sessions, attendance recorded), of the
funder report page and of the funder exports (attendance CSV and XLSX), each divided by the
median of a bare Wagtail page (the home page with the apps' sections turned off) requested by
the same signed-in trainer in the same run. Goal: dashboard at most 5x.
"""

import sys

from ._support import bench_main, interleaved_medians_ms


def populate(*, learners: int, modules: int, steps_per_module: int):
    """A cohort with bulk-created learners; about half the steps done by everyone."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cohorts.models import Attendance, Membership
    from courses.models import Enrollment, StepProgress
    from courses.selectors import course_steps
    from tests.factories import UserFactory
    from tests.factories import cohort_factories as cof
    from tests.factories import course_factories as cf

    User = get_user_model()
    trainer = UserFactory(roles=["Trainer"])
    course = cf.course(
        title="Governance, 30 steps", modules=modules, steps_per_module=steps_per_module
    )
    cohort = cof.cohort(course=course, trainer=trainer)
    countries = ["TJ", "LA", "RW", "UZ", "MA", "SN", "KE", "VN", "CO", "CN"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench-{i}@example.org",
                full_name=f"Participant {i:03d}",
                country=countries[i % len(countries)],
                sex=("female", "male")[i % 2],
                organisation_type=("ministry", "social_security")[i % 2],
            )
            for i in range(learners)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user=u, source="import") for u in users]
    )
    Enrollment.objects.bulk_create([Enrollment(user=u, course=course) for u in users])
    steps = course_steps(course)
    now = timezone.now()
    StepProgress.objects.bulk_create(
        [
            StepProgress(
                user=u,
                course=course,
                step=step,
                started_at=now - timedelta(days=i % 20),
                completed_at=now - timedelta(days=i % 20) if j < (i % len(steps)) else None,
            )
            for i, u in enumerate(users)
            for j, step in enumerate(steps[: (i % len(steps)) + 1])
        ]
    )
    sessions = [
        cof.live_session(cohort, title=f"Webinar {k + 1}", starts_at=now - timedelta(days=7 * k))
        for k in range(4)
    ]
    Attendance.objects.bulk_create(
        [
            Attendance(session=s, user=u, minutes=60, status="present", source="import")
            for s in sessions
            for i, u in enumerate(users)
            if i % 3
        ]
    )
    return trainer, cohort


def main() -> int:
    return bench_main(run, __doc__, repeats=30)


def run(repeats: int) -> int:
    from django.test import Client
    from django.urls import reverse
    from wagtail import hooks

    from learning.demo import home_page_ensure

    home_page_ensure()
    trainer, cohort = populate(learners=500, modules=6, steps_per_module=5)
    hooks._hooks["home_page_sections"] = []  # noqa: SLF001 - bare page for the baseline

    client = Client()
    client.force_login(trainer)
    urls = {
        "bare Wagtail page (baseline)": "/",
        "trainer dashboard, 500 x 30": reverse("cohorts:dashboard", args=[cohort.pk]),
        "funder report page": reverse("cohorts:report", args=[cohort.pk]),
        "funder export, attendance CSV": reverse(
            "cohorts:export", args=[cohort.pk, "attendance", "csv"]
        ),
        "funder export, attendance XLSX": reverse(
            "cohorts:export", args=[cohort.pk, "attendance", "xlsx"]
        ),
        "funder export, completions CSV": reverse(
            "cohorts:export", args=[cohort.pk, "completions", "csv"]
        ),
    }
    timings = interleaved_medians_ms(client, urls, repeats)
    base = timings.pop("bare Wagtail page (baseline)")
    goals = {"trainer dashboard, 500 x 30": 5.0}
    print(f"median server time over {repeats} interleaved requests, same trainer, same run")
    print(f"  {'bare Wagtail page (baseline)':<34} {base:8.2f} ms    1.00x")
    status = 0
    for name, ms in timings.items():
        ratio = ms / base
        goal = goals.get(name)
        note = ""
        if goal:
            note = f"  (goal <= {goal}x, {'ok' if ratio <= goal else 'OVER GOAL'})"
            status |= ratio > goal
        print(f"  {name:<34} {ms:8.2f} ms  {ratio:6.2f}x{note}")
    return status


if __name__ == "__main__":
    sys.exit(main())
