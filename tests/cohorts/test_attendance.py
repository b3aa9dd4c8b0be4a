"""Attendance: the grid, the webinar report import, and the certificate rule (check-in codes:
test_check_in.py)."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail import hooks

from certificates.hooks import extra_requirements
from cohorts.models import Attendance
from cohorts.services import attendance_record
from learning.models import AuditEvent
from learning.models.audit import AuditAction
from tests.factories import UserFactory
from tests.factories import cohorts as cf
from tests.factories.certificates import CertificateTemplateFactory


@pytest.fixture
def session(cohort):
    # 90 minutes, presence rule 60 % -> 54 minutes.
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))


def test_grid_marks_and_applies_the_rule(trainer_client, cohort, session):
    a, b, c, d = (cf.member(cohort) for _ in range(4))
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    page = trainer_client.get(url).content.decode()
    assert "at least 54 of 90 minutes (60 %)" in page
    response = trainer_client.post(
        url,
        cf.attendance_grid(
            {a: ("present", ""), b: ("", "60"), c: ("", "20"), d: ("", "")},
        ),
    )
    assert response.status_code == 302
    records = {r.user_id: (r.status, r.minutes, r.source) for r in Attendance.objects.all()}
    assert records == {
        a.pk: ("present", None, "grid"),
        b.pk: ("present", 60, "grid"),
        c.pk: ("absent", 20, "grid"),
    }


def test_grid_refuses_bad_input_and_writes_nothing(trainer_client, cohort, session):
    a = cf.member(cohort)
    cf.member(cohort)  # room for a second row
    outsider = UserFactory()
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    cases = [
        ({a: ("", "lots")}, "Give the minutes as a whole number from 0 to 1,440."),
        ({a: ("", "5000")}, "Give the minutes as a whole number from 0 to 1,440."),
        ({a: ("", "-1")}, "Give the minutes as a whole number from 0 to 1,440."),
        ({a: ("maybe", "")}, "Unknown status."),
        ({outsider: "present"}, "Unknown participant in the attendance grid."),
        # A good row next to a bad one: nothing at all is written.
        ({a: "present", outsider: "present"}, "Unknown participant in the attendance grid."),
    ]
    for marks, message in cases:
        response = trainer_client.post(url, cf.attendance_grid(marks))
        assert response.status_code == 400, marks
        assert escape(message) in response.content.decode(), marks
    assert Attendance.objects.count() == 0


def _csv(text: str, name="report.csv"):
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def test_import_webinar_report_dry_run_then_commit(trainer_client, cohort, session):
    a = cf.member(cohort, email="aziz@example.org")
    b = cf.member(cohort, email="bola@example.org")
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    report = (
        "User Email,Duration (Minutes)\n"
        "aziz@example.org,30\n"
        "bola@example.org,20\n"
        "AZIZ@example.org,31\n"  # rejoined: 30 + 31 = 61
        "stranger@example.org,90\n"
        "broken,abc\n"
    )
    response = trainer_client.post(url, {"file": _csv(report)})
    assert response.status_code == 200
    plan = {row.line: row for row in response.context["plan"]}
    assert (plan[2].minutes, plan[2].status) == (61, "present")
    assert (plan[3].minutes, plan[3].status) == (20, "absent")
    assert "No member" in plan[5].messages[0]
    assert len(plan[6].messages) == 2
    assert Attendance.objects.count() == 0
    response = trainer_client.post(url, {"confirm": "1", "rows": response.context["token"]})
    assert response.status_code == 302
    records = {r.user_id: (r.status, r.minutes, r.source) for r in Attendance.objects.all()}
    assert records == {a.pk: ("present", 61, "import"), b.pk: ("absent", 20, "import")}
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.detail["kind"] == "attendance"
    assert event.detail["matched"] == 2


def test_import_with_wrong_header(trainer_client, cohort, session):
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = trainer_client.post(url, {"file": _csv("who,how long\nx,1\n")})
    assert response.status_code == 400
    assert "Wrong header" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_attendance_counts_toward_the_certificate(course, trainer):
    cohort = cf.cohort(course=course, trainer=trainer, attendance_threshold=75)
    learner = cf.member(cohort)
    sessions = [
        cf.live_session(
            cohort, title=f"Webinar {i}", starts_at=timezone.now() - timedelta(days=i + 1)
        )
        for i in range(4)
    ]
    (fn,) = [
        f for f in hooks.get_hooks("certificate_requirements") if f.__module__.startswith("cohorts")
    ]
    unmet = fn(learner, course)
    assert unmet == [
        f"Attend at least 3 of the 4 live sessions of “{cohort.name}” (75 %); you attended 0."
    ]

    for s in sessions[:3]:
        attendance_record(session=s, user=learner, source="grid", status="present")
    assert fn(learner, course) == []
    # A cohort without a threshold asks nothing.
    free = cf.cohort(course=course, trainer=trainer)
    other = cf.member(free)
    cf.live_session(free)
    assert fn(other, course) == []


def test_cohort_certificate_template_hook(course, trainer):
    template = CertificateTemplateFactory(name="Cohort certificate, Turin 2027")
    plain = cf.cohort(course=course, trainer=trainer)
    special = cf.cohort(course=course, trainer=trainer, certificate_template=template)
    in_plain, in_special = cf.member(plain), cf.member(special)
    (fn,) = [
        f for f in hooks.get_hooks("certificate_template_for") if f.__module__.startswith("cohorts")
    ]
    assert fn(in_special, course) == template
    assert fn(in_plain, course) is None


def test_attendance_blocks_the_certificate_through_the_certificates_rules(course, trainer):
    """The certificates app asks every `certificate_requirements` function."""

    cohort = cf.cohort(course=course, trainer=trainer, attendance_threshold=50)
    learner = cf.member(cohort)
    cf.live_session(cohort, starts_at=timezone.now() - timedelta(days=1))
    assert any(
        "Attend at least 1 of the 1 live sessions" in m for m in extra_requirements(learner, course)
    )
