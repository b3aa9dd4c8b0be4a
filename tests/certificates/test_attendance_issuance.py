"""A certificate held back by a cohort's attendance rule is issued once attendance is recorded
(or the rule is relaxed), without the learner or the trainer asking for it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.tasks import certificates_issue_due_task
from cohorts import services as cohort_services
from cohorts.models import Attendance
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(awarding_course, trainer):
    return cf.cohort(course=awarding_course, trainer=trainer, attendance_threshold=100)


@pytest.fixture
def webinar(cohort):
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(days=1))


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


def _record(session, learner, status, django_capture_on_commit_callbacks):
    """One attendance row through the cohorts service, with its on-commit work run."""
    with django_capture_on_commit_callbacks(execute=True):
        cohort_services.attendance_record(
            session=session, user=learner, source="grid", status=status
        )


def _grid(trainer_client, cohort, webinar, statuses, django_capture_on_commit_callbacks):
    data = cf.attendance_grid(statuses)
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("cohorts:attendance", args=[cohort.pk, webinar.pk]), data
        )
    assert response.status_code == 302
    return response


def test_attendance_recorded_after_completion_issues_the_certificate(
    cohort, webinar, awarding_course, finish_course, trainer_client,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    finished, unfinished, absent = cf.member(cohort), cf.member(cohort), cf.member(cohort)
    finish_course(finished, awarding_course)
    finish_course(absent, awarding_course)
    finish_course(unfinished, awarding_course, steps=1)
    assert not Certificate.objects.exists()  # the webinar's attendance is still missing

    _grid(
        trainer_client,
        cohort,
        webinar,
        {finished: "present", unfinished: "present", absent: "absent"},
        django_capture_on_commit_callbacks,
    )

    certificate = Certificate.objects.get()
    assert certificate.user == finished
    assert certificate.context_key == f"cohort:{cohort.pk}"
    assert certificate.pdf_ready
    assert [m.to for m in mail.outbox] == [[finished.email]]
    assert Attendance.objects.filter(session=webinar).count() == 3


def test_saving_the_grid_again_issues_nothing_new(
    cohort, webinar, awarding_course, finish_course, trainer_client,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    learner = cf.member(cohort)
    finish_course(learner, awarding_course)
    for _ in range(2):
        _grid(
            trainer_client,
            cohort,
            webinar,
            {learner: "present"},
            django_capture_on_commit_callbacks,
        )
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_one_task_for_a_whole_grid(
    cohort, webinar, awarding_course, trainer_client, django_capture_on_commit_callbacks,
    monkeypatch,
):  # fmt: skip

    queued = []
    monkeypatch.setattr(certificates_issue_due_task, "delay", lambda *args: queued.append(args))
    members = [cf.member(cohort) for _ in range(5)]
    _grid(
        trainer_client,
        cohort,
        webinar,
        dict.fromkeys(members, "present"),
        django_capture_on_commit_callbacks,
    )
    assert queued == [(awarding_course.pk, sorted(m.pk for m in members))]


def test_check_in_that_meets_the_rule_issues_the_certificate(
    cohort, awarding_course, finish_course, client, django_capture_on_commit_callbacks
):
    # Ended ten minutes ago: it counts, and its check-in window is still open.
    webinar = cf.live_session(
        cohort, starts_at=timezone.now() - timedelta(minutes=100), duration_minutes=90
    )
    learner = cf.member(cohort)
    finish_course(learner, awarding_course)
    code = cohort_services.checkin_code_current(session=webinar)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cohorts:check_in"), {"code": code.code})
    assert response.status_code == 302
    assert Certificate.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 1


def test_an_absence_issues_nothing(
    cohort, webinar, awarding_course, finish_course, django_capture_on_commit_callbacks
):
    learner = cf.member(cohort)
    finish_course(learner, awarding_course)
    _record(webinar, learner, "absent", django_capture_on_commit_callbacks)
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def test_a_relaxed_threshold_issues_the_certificates_now_due(
    cohort, webinar, awarding_course, finish_course, trainer_client,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    second = cf.live_session(
        cohort, title="Webinar 2", starts_at=timezone.now() - timedelta(hours=2)
    )
    learner = cf.member(cohort)
    finish_course(learner, awarding_course)
    _record(webinar, learner, "present", django_capture_on_commit_callbacks)
    _record(second, learner, "absent", django_capture_on_commit_callbacks)
    assert not Certificate.objects.exists()  # 1 of 2 sessions, the cohort asks for both

    form = {
        "course": awarding_course.pk,
        "name": cohort.name,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "time_zone": cohort.time_zone,
        "enrollment_mode": cohort.enrollment_mode,
        "pacing": cohort.pacing,
        "presence_percent": cohort.presence_percent,
        "attendance_threshold": "50",
        "inactivity_days": cohort.inactivity_days,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(reverse("cohorts:edit", args=[cohort.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Certificate.objects.filter(user=learner).count() == 1


def test_a_course_that_awards_nothing_issues_nothing(
    course, trainer, finish_course, django_capture_on_commit_callbacks
):
    cohort = cf.cohort(course=course, trainer=trainer, attendance_threshold=100)
    webinar = cf.live_session(cohort, starts_at=timezone.now() - timedelta(days=1))
    learner = cf.member(cohort)
    finish_course(learner, course)
    _record(webinar, learner, "present", django_capture_on_commit_callbacks)
    assert not Certificate.objects.exists()
