"""Programmes benchmark: `.venv/bin/python -m bench.programmes [--repeats 30]`.

Median server time (Django's test client, in process, no network) of a programme report over
20 cohorts x 40 learners (two courses, two years, two live sessions per cohort with attendance,
about half the learners done), read by its partner, and of its CSV and XLSX exports, each
divided by the median of a bare Wagtail page (the home page with the apps' sections turned off)
requested by the same partner in the same run. Goal: the report at most 5x.
"""

import sys

from ._support import bench_main, interleaved_medians_ms

COHORTS = 20
LEARNERS = 40


def populate(*, cohorts: int, learners: int):
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cohorts.models import Attendance, Membership
    from courses.models import Enrollment
    from programmes import services
    from tests.factories import UserFactory
    from tests.factories import cohort_factories as cof
    from tests.factories import course_factories as cf

    User = get_user_model()
    courses = [cf.course(title=f"Course {k}", modules=3, steps_per_module=4) for k in range(2)]
    countries = ["TJ", "LA", "RW", "UZ", "MA", "SN", "KE", "VN", "CO", "CN"]
    year = timezone.now().year
    made = []
    now = timezone.now()
    for c in range(cohorts):
        start = date(year - c % 2, 3 + c % 6, 1)
        cohort = cof.cohort(
            course=courses[c % 2],
            name=f"Cohort {c}",
            start_date=start,
            end_date=start + timedelta(days=42),
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench-{c}-{i}@example.org",
                    full_name=f"Participant {c}-{i}",
                    country=countries[(c + i) % len(countries)],
                    sex=("female", "male")[i % 2],
                    organisation_type=("ministry", "social_security")[i % 2],
                )
                for i in range(learners)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(cohort=cohort, user=u, source="import") for u in users]
        )
        Enrollment.objects.bulk_create(
            [
                Enrollment(
                    user=u,
                    course=cohort.course,
                    status="completed" if i % 2 else "active",
                    completed_at=now if i % 2 else None,
                )
                for i, u in enumerate(users)
            ]
        )
        for k in range(2):
            session = cof.live_session(
                cohort, title=f"Webinar {k}", starts_at=now - timedelta(days=7 * (k + 1))
            )
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        session=session, user=u, minutes=90, status="present", source="import"
                    )
                    for i, u in enumerate(users)
                    if i % 3
                ]
            )
        made.append(cohort)
    programme = services.programme_ensure(name="Bench programme", cohorts=made)
    partner = UserFactory(roles=["Partner"])
    services.programme_partner_add(programme=programme, user=partner)
    return programme, partner


def main() -> int:
    return bench_main(run, __doc__, repeats=30)


def run(repeats: int) -> int:
    from django.test import Client
    from django.urls import reverse
    from wagtail import hooks

    from learning.demo import home_page_ensure

    home_page_ensure()
    programme, partner = populate(cohorts=COHORTS, learners=LEARNERS)
    hooks._hooks["home_page_sections"] = []  # noqa: SLF001 - bare page for the baseline

    client = Client()
    client.force_login(partner)
    report = f"programme report, {COHORTS} x {LEARNERS}"
    urls = {
        "bare Wagtail page (baseline)": "/",
        report: reverse("programmes:report", args=[programme.pk]),
        "report filtered by year": reverse("programmes:report", args=[programme.pk])
        + f"?year={programme.cohorts.first().start_date.year}",
        "report export, CSV": reverse("programmes:export", args=[programme.pk, "csv"]),
        "report export, XLSX": reverse("programmes:export", args=[programme.pk, "xlsx"]),
    }
    timings = interleaved_medians_ms(client, urls, repeats)
    base = timings.pop("bare Wagtail page (baseline)")
    goals = {report: 5.0}
    print(f"median server time over {repeats} interleaved requests, same partner, same run")
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
