"""Attendance: the grid, the webinar report import, check-in codes, and the certificate rule."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail import hooks

from certificates.hooks import extra_requirements
from cohorts.models import Attendance, CheckInCode
from cohorts.services import attendance_record, checkin_code_current
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


def test_check_in_with_a_code(client, trainer_client, cohort, session):
    learner = cf.member(cohort)
    page = trainer_client.get(reverse("cohorts:checkin_code", args=[cohort.pk, session.pk]))
    code = CheckInCode.objects.get(session=session).code
    assert code in page.content.decode()
    client.force_login(learner)
    response = client.post(reverse("cohorts:check_in"), {"code": code.lower()})
    assert response.status_code == 302
    record = Attendance.objects.get(session=session, user=learner)
    assert (record.status, record.source) == ("present", "check_in")
    # The trainer's screen now shows a fresh code.
    assert checkin_code_current(session=session).code != code


def test_wrong_expired_and_reused_codes_are_refused(client, cohort, session):
    first, second = cf.member(cohort), cf.member(cohort)
    code = checkin_code_current(session=session)
    client.force_login(first)
    response = client.post(reverse("cohorts:check_in"), {"code": "ZZZZZZ"})
    assert response.status_code == 400
    assert "This code is not valid" in response.content.decode()

    assert client.post(reverse("cohorts:check_in"), {"code": code.code}).status_code == 302
    client.force_login(second)
    response = client.post(reverse("cohorts:check_in"), {"code": code.code})
    assert response.status_code == 400
    assert "already been used by another participant" in response.content.decode()
    assert not Attendance.objects.filter(user=second).exists()

    expired = checkin_code_current(session=session)
    CheckInCode.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(reverse("cohorts:check_in"), {"code": expired.code})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Attendance.objects.filter(user=second).exists()


def test_code_of_another_cohort_is_not_valid(client, cohort, session, course, trainer):
    other = cf.cohort(course=course, trainer=trainer)
    outsider = cf.member(other)
    code = checkin_code_current(session=session)
    client.force_login(outsider)
    response = client.post(reverse("cohorts:check_in"), {"code": code.code})
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    assert CheckInCode.objects.get(pk=code.pk).used_by is None


def test_repeated_wrong_codes_are_throttled(client, cohort, session):
    learner = cf.member(cohort)
    client.force_login(learner)
    for _ in range(10):
        client.post(reverse("cohorts:check_in"), {"code": "WRONG1"})
    code = checkin_code_current(session=session)
    response = client.post(reverse("cohorts:check_in"), {"code": code.code})
    assert "Too many wrong codes" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_counts_toward_the_certificate(course, trainer):
    cohort = cf.cohort(course=course, trainer=trainer, attendance_threshold=75)
    learner = cf.member(cohort)
    sessions = [cf.live_session(cohort, title=f"Webinar {i}") for i in range(4)]
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
    cf.live_session(cohort)
    assert any(
        "Attend at least 1 of the 1 live sessions" in m for m in extra_requirements(learner, course)
    )
