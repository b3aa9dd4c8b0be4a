"""Removing a participant: the trainer's list and confirmation, what is withdrawn and what
stays the learner's, who may do it, and how a removed person comes back."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, Membership
from cohorts.selectors import cohort_overview, learner_cohorts, sessions_for_feed_user
from cohorts.services import (
    attendance_record,
    attendance_requirement_unmet,
    checkin_code_current,
    cohort_message_send,
    cohort_seats_left,
    membership_remove,
    participant_invite,
)
from courses.models import Enrollment, EnrollmentStatus, StepProgress
from courses.selectors import course_steps
from tests.factories import UserFactory
from tests.factories import cohorts as cf


@pytest.fixture
def setup(cohort):
    """Two members; Malika has progress and attendance to keep."""
    malika = cf.member(cohort, full_name="Malika Rahimova", email="malika@example.org")
    somchai = cf.member(cohort, full_name="Somchai Vongsa")
    step = course_steps(cohort.course)[0]
    now = timezone.now()
    StepProgress.objects.create(
        user=malika, course=cohort.course, step=step, started_at=now, completed_at=now
    )
    session = cf.live_session(cohort, starts_at=now - timezone.timedelta(days=1))
    attendance_record(session=session, user=malika, source="grid", status="present")
    return malika, somchai, session


def _url(cohort, user):
    return reverse("cohorts:participant_remove", args=[cohort.pk, user.pk])


def test_participant_list_confirm_and_remove(trainer_client, cohort, setup):
    malika, somchai, session = setup
    page = trainer_client.get(reverse("cohorts:import", args=[cohort.pk])).content.decode()
    assert "2 participants" in page
    assert _url(cohort, malika) in page
    confirm = trainer_client.get(_url(cohort, malika))
    assert confirm.status_code == 200
    assert "Remove Malika Rahimova from the cohort?" in confirm.content.decode()
    # Looking at the confirmation changes nothing.
    assert Membership.objects.get(cohort=cohort, user=malika).status == "active"

    response = trainer_client.post(_url(cohort, malika), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cohorts:import", args=[cohort.pk])
    assert "Malika Rahimova has been removed from the cohort." in response.content.decode()
    membership = Membership.objects.get(cohort=cohort, user=malika)
    assert membership.status == "withdrawn" and membership.withdrawn_at is not None
    # What is the learner's stays: enrolment, progress, recorded attendance.
    assert Enrollment.objects.get(user=malika, course=cohort.course).status == (
        EnrollmentStatus.ACTIVE
    )
    assert StepProgress.objects.filter(user=malika, completed_at__isnull=False).count() == 1
    assert Attendance.objects.filter(session=session, user=malika).exists()
    # They leave the dashboard and free their seat (capacity 40).
    overview = cohort_overview(cohort=cohort)
    assert [row.user.pk for row in overview.rows] == [somchai.pk]
    assert cohort_seats_left(cohort=cohort) == 39
    page = response.content.decode()
    assert "1 participant" in page and "Removed from the cohort" in page


def test_exports_list_the_withdrawal_and_count_active_members(trainer_client, cohort, setup):
    malika, somchai, _session = setup
    membership_remove(cohort=cohort, user=malika)
    rows = list(
        csv.reader(
            io.StringIO(
                trainer_client.get(
                    reverse("cohorts:export", args=[cohort.pk, "enrolments", "csv"])
                ).content.decode("utf-8-sig")
            )
        )
    )
    header, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    withdrawn_on = f"Withdrawn on ({cohort.time_zone})"  # dates in the cohort's zone
    assert "In the cohort" in header and withdrawn_on in header
    assert body["Malika Rahimova"]["In the cohort"] == "Withdrawn"
    assert body["Malika Rahimova"][withdrawn_on]
    assert body["Somchai Vongsa"]["In the cohort"] == "Active"
    attendance = trainer_client.get(
        reverse("cohorts:export", args=[cohort.pk, "attendance", "csv"])
    ).content.decode("utf-8-sig")
    assert "Malika Rahimova" not in attendance and "Somchai Vongsa" in attendance
    report = trainer_client.get(reverse("cohorts:report", args=[cohort.pk]))
    assert report.context["summary"]["enrolled"] == 1
    assert report.context["summary"]["withdrawn"] == 1
    assert "and 1 other who withdrew" in report.content.decode()


def test_another_trainer_a_learner_or_a_stranger_cannot_remove(
    client, cohort, course, setup, learner
):
    malika, _somchai, _session = setup
    other = UserFactory(roles=["Trainer"])
    cf.cohort(course=course, trainer=other)
    for user in (other, learner, malika):
        client.force_login(user)
        assert client.get(_url(cohort, malika)).status_code == 404
        assert client.post(_url(cohort, malika)).status_code == 404
    client.logout()
    response = client.post(_url(cohort, malika))
    assert response.status_code == 302 and "login" in response["Location"]
    assert Membership.objects.get(cohort=cohort, user=malika).status == "active"


def test_non_member_or_already_removed_is_404(trainer_client, cohort, course, trainer, setup):
    malika, _somchai, _session = setup
    outsider = cf.member(cf.cohort(course=course, trainer=trainer))
    assert trainer_client.post(_url(cohort, outsider)).status_code == 404
    assert Membership.objects.filter(user=outsider, status="active").count() == 1
    trainer_client.post(_url(cohort, malika))
    assert trainer_client.post(_url(cohort, malika)).status_code == 404
    assert Membership.objects.filter(cohort=cohort, user=malika).count() == 1


def test_post_without_csrf_token_is_refused(trainer, cohort, setup):
    malika, _somchai, _session = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    assert client.post(_url(cohort, malika)).status_code == 403
    assert Membership.objects.get(cohort=cohort, user=malika).status == "active"


def test_removed_learner_loses_the_cohort_pages_and_rules(client, cohort, setup):
    malika, _somchai, session = setup
    cohort.attendance_threshold = 100
    cohort.save()
    cf.live_session(cohort, title="Webinar 2", starts_at=timezone.now() - timedelta(days=1))
    assert attendance_requirement_unmet(user=malika, course=cohort.course)
    membership_remove(cohort=cohort, user=malika)
    assert attendance_requirement_unmet(user=malika, course=cohort.course) == []
    with pytest.raises(ValidationError, match="not in this cohort"):
        cohort_message_send(
            cohort=cohort,
            sender=cohort.trainers.get(),
            subject="Hi",
            body="x",
            user_ids=[malika.pk],
        )
    # No cohort panel on their dashboard and no session in their personal calendar feed.
    assert learner_cohorts(user=malika) == []
    assert sessions_for_feed_user(malika) == []
    client.force_login(malika)
    assert client.get(reverse("cohorts:learner_cohort", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("cohorts:session", args=[session.pk])).status_code == 404
    code = checkin_code_current(session=session)
    response = client.post(reverse("cohorts:check_in"), {"code": code.code})
    assert "not valid" in response.content.decode()
    assert not session.attendances.filter(user=malika, source="check_in").exists()


def test_removed_learner_cannot_rejoin_by_link_but_a_trainer_can_bring_them_back(
    client, course, trainer
):
    cohort = cf.cohort(course=course, trainer=trainer, enrollment_mode="join_link")
    learner = cf.member(cohort, full_name="Nodira Yusupova")
    membership_remove(cohort=cohort, user=learner)
    client.force_login(learner)
    for response in (client.get(cohort.join_url()), client.post(cohort.join_url())):
        assert response.status_code == 409
        assert "You were removed from this cohort" in response.content.decode()
    assert Membership.objects.get(cohort=cohort, user=learner).status == "withdrawn"

    participant_invite(cohort=cohort, email=learner.email, full_name=learner.full_name)
    membership = Membership.objects.get(cohort=cohort, user=learner)
    # An existing account is invited back; it is a member again once it accepts.
    assert (membership.status, membership.withdrawn_at) == ("invited", None)
    response = client.post(
        reverse("cohorts:invitation", args=[membership.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.withdrawn_at) == ("active", None)
    assert Membership.objects.filter(cohort=cohort, user=learner).count() == 1
