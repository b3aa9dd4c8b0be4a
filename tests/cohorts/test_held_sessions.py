"""Only live sessions that have ended count, in every attendance figure and rule: a session
still to come is nobody's absence, and a cancelled one never counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from cohorts.attendance import attended_counts, held_sessions, held_sessions_attended
from cohorts.models import LiveSession
from cohorts.reports import funder_summary
from cohorts.selectors import cohort_overview
from cohorts.services import (
    attendance_record,
    live_session_cancel,
    live_session_update,
    sessions_ended_announce,
)
from tests.cohorts.test_exports import _csv_rows
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(course, trainer):
    return cf.cohort(course=course, trainer=trainer, attendance_threshold=100)


@pytest.fixture
def learner(cohort, trainer):
    """Present at both sessions held so far; two more are still to come, one was cancelled."""
    now = timezone.now()
    learner = cf.member(cohort)
    for days in (3, 2):
        held = cf.live_session(cohort, title=f"Held {days}", starts_at=now - timedelta(days=days))
        attendance_record(session=held, user=learner, source="grid", status="present")
    cf.live_session(cohort, title="Next week", starts_at=now + timedelta(days=7))
    cf.live_session(cohort, title="In a fortnight", starts_at=now + timedelta(days=14))
    cancelled = cf.live_session(cohort, title="Cancelled", starts_at=now + timedelta(hours=2))
    live_session_cancel(session=cancelled, cancelled_by=trainer)
    return learner


def _requirement(user, course):
    (fn,) = [
        f for f in hooks.get_hooks("certificate_requirements") if f.__module__.startswith("cohorts")
    ]
    return fn(user, course)


def test_the_certificate_rule_counts_only_sessions_held(learner, cohort, course):
    assert _requirement(learner, course) == []
    assert held_sessions_attended(cohort=cohort, user=learner) == (2, 2)


def test_a_session_in_progress_does_not_count_yet(learner, cohort, course):
    now = timezone.now()
    running = cf.live_session(cohort, title="Now", starts_at=now - timedelta(minutes=10))
    assert held_sessions(cohort=cohort).count() == 2
    assert held_sessions(cohort=cohort, now=running.ends_at).count() == 3
    assert _requirement(learner, course) == []


def test_the_attendance_export_has_no_absence_for_sessions_to_come(learner, cohort, trainer_client):
    rows = _csv_rows(
        trainer_client.get(reverse("cohorts:export", args=[cohort.pk, "attendance", "csv"]))
    )
    header, row = rows[0], rows[1]
    assert not any("Next week" in h or "Cancelled" in h for h in header)
    assert row[-2:] == ["2", "2"]
    assert "Absent" not in row


def test_the_funder_summary_and_dashboard_agree(learner, cohort):
    summary = funder_summary(cohort=cohort)
    assert (summary["sessions"], summary["attendance_needed"], summary["attended"]) == (2, 2, 1)
    overview = cohort_overview(cohort=cohort)
    assert overview.held == 2
    assert [row.attended for row in overview.rows] == [2]
    assert attended_counts(cohort=cohort) == {learner.pk: 2}


def test_a_session_that_ends_announces_its_present_members_once(
    learner, cohort, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(*, course_id, user_ids):
        heard.append((course_id, list(user_ids)))

    with hooks.register_temporarily("cohort_attendance_changed", receiver):
        with django_capture_on_commit_callbacks(execute=True):
            assert sessions_ended_announce() == 2  # the two held sessions
        assert heard == [(cohort.course_id, [learner.pk])] * 2
        later = timezone.now() + timedelta(days=8)  # "Next week" is over, nobody was there
        with django_capture_on_commit_callbacks(execute=True):
            assert sessions_ended_announce() == 0
            assert sessions_ended_announce(now=later) == 1
        assert len(heard) == 2


def test_the_end_follows_a_rescheduled_session(cohort, trainer):
    session = cf.live_session(cohort, starts_at=timezone.now() + timedelta(days=1))
    live_session_update(
        session=session, changed_by=trainer, starts_at=timezone.now() - timedelta(days=1)
    )
    stored = LiveSession.objects.get(pk=session.pk)
    assert stored.ends_at == stored.starts_at + timedelta(minutes=stored.duration_minutes)
    assert list(held_sessions(cohort=cohort)) == [stored]
