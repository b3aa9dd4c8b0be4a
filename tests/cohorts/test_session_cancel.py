"""Cancelling and moving a live session: only the cohort's trainers, by POST with CSRF; the
members are told once by e-mail (through the outbox, retries included) in their own zone;
the session leaves reminders, check-in and attendance counting but stays visible, marked."""

import contextlib
import smtplib
from collections import Counter
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from celery.exceptions import Retry
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts import reports
from cohorts.models import (
    Attendance,
    LiveSession,
    OutboxEmail,
    SessionChange,
    SessionChangeKind,
    SessionStatus,
)
from cohorts.services import (
    attendance_record,
    attendance_requirement_unmet,
    checkin_code_current,
    live_session_cancel,
    membership_remove,
    session_reminders_queue,
)
from cohorts.tasks import send_session_change, send_session_reminders
from tests.factories import UserFactory
from tests.factories import cohorts as cf

from .test_outbox import FailsOnceOnSecond

pytestmark = pytest.mark.django_db
RETRIED = (smtplib.SMTPException, Retry)


def _cancel_url(session):
    return reverse("cohorts:session_cancel", args=[session.cohort_id, session.pk])


def _unchanged(session):
    session.refresh_from_db()
    return (
        session.status == SessionStatus.SCHEDULED
        and session.sequence == 0
        and not SessionChange.objects.exists()
        and not OutboxEmail.objects.exists()
    )


def test_only_a_trainer_of_the_cohort_can_cancel(client, cohort, course):
    session = cf.live_session(cohort)
    member = cf.member(cohort)
    outsider_trainer = UserFactory(roles=["Trainer"])
    cf.cohort(course=course, trainer=outsider_trainer)  # trains another cohort
    response = client.post(_cancel_url(session), {"reason": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (member, outsider_trainer):
        client.force_login(user)
        assert client.get(_cancel_url(session)).status_code == 404
        assert client.post(_cancel_url(session), {"reason": "x"}).status_code == 404
    assert _unchanged(session)


def test_cancelling_needs_the_csrf_token(cohort, trainer):
    session = cf.live_session(cohort)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(trainer)
    assert browser.post(_cancel_url(session), {"reason": "x"}).status_code == 403
    assert _unchanged(session)


def test_the_confirmation_page_says_what_follows(trainer_client, cohort):
    session = cf.live_session(cohort, title="Actuarial review")
    cf.member(cohort)
    cf.member(cohort)
    response = trainer_client.get(_cancel_url(session))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cancel “Actuarial review”?" in body
    assert "The 2 participants each receive an e-mail" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert _unchanged(session)


def test_cancelling_emails_each_active_member_once_in_their_zone(
    trainer_client, cohort, django_capture_on_commit_callbacks
):
    start = datetime(2027, 6, 3, 12, 0, tzinfo=UTC)
    session = cf.live_session(cohort, title="Financing floors", starts_at=start)
    paris = cf.member(cohort, time_zone="Europe/Paris", preferred_language="en")
    dushanbe = cf.member(cohort, time_zone="Asia/Dushanbe", preferred_language="en")
    gone = cf.member(cohort)
    membership_remove(cohort=cohort, user=gone)
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(_cancel_url(session), {"reason": "  The speaker is ill.  "})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancelled_at is not None
    assert (session.sequence, session.cancel_reason) == (1, "The speaker is ill.")
    assert Counter(m.to[0] for m in mail.outbox) == Counter({paris.email: 1, dushanbe.email: 1})
    to_paris = next(m for m in mail.outbox if m.to == [paris.email])
    to_dushanbe = next(m for m in mail.outbox if m.to == [dushanbe.email])
    assert to_paris.subject == "Cancelled: Financing floors"
    assert "June 3, 2027, 2 p.m. (Europe/Paris)" in to_paris.body  # 12:00 UTC, summer time
    assert "June 3, 2027, 5 p.m. (Asia/Dushanbe)" in to_dushanbe.body
    assert "The speaker is ill." in to_paris.body
    ((filename, payload, mimetype),) = to_paris.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(payload).walk("VEVENT")
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)
    assert str(event["UID"]) == f"{session.uid}@socle"


def test_a_retry_after_an_smtp_error_sends_no_duplicate(
    settings, cohort, trainer, django_capture_on_commit_callbacks
):
    FailsOnceOnSecond.calls = 0
    settings.EMAIL_BACKEND = "tests.cohorts.test_outbox.FailsOnceOnSecond"
    session = cf.live_session(cohort)
    members = [cf.member(cohort) for _ in range(4)]
    with (
        contextlib.suppress(*RETRIED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        change = live_session_cancel(session=session, cancelled_by=trainer)
    send_session_change.apply(kwargs={"change_id": change.pk}).get()
    send_session_change.apply(kwargs={"change_id": change.pk}).get()  # delivered twice
    assert Counter(m.to[0] for m in mail.outbox) == Counter({m.email: 1 for m in members})
    assert OutboxEmail.objects.filter(change=change, sent_at__isnull=True).count() == 0


def test_cancelling_again_is_refused_clearly(
    trainer_client, cohort, trainer, django_capture_on_commit_callbacks
):
    session = cf.live_session(cohort)
    cf.member(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        live_session_cancel(session=session, cancelled_by=trainer)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(_cancel_url(session), {"reason": "again"})
    assert response.status_code == 409
    assert "already been cancelled" in response.content.decode()
    session.refresh_from_db()
    assert (session.sequence, session.cancel_reason) == (1, "")
    assert SessionChange.objects.count() == 1 and len(mail.outbox) == 1
    with pytest.raises(Exception, match="already cancelled"):
        live_session_cancel(session=session, cancelled_by=trainer)


def test_a_session_already_held_cannot_be_cancelled(trainer_client, cohort):
    session = cf.live_session(cohort, starts_at=timezone.now() - timedelta(days=2))
    response = trainer_client.post(_cancel_url(session))
    assert response.status_code == 409
    assert "already taken place" in response.content.decode()
    assert _unchanged(session)


def test_an_overlong_message_is_refused_and_nothing_changes(trainer_client, cohort):
    session = cf.live_session(cohort)
    response = trainer_client.post(_cancel_url(session), {"reason": "x" * 5001})
    assert response.status_code == 409
    assert "longer than 5000 characters" in response.content.decode()
    assert _unchanged(session)


def test_a_cancelled_session_gets_no_reminder_check_in_or_attendance(cohort, trainer, client):
    soon = cf.live_session(cohort, starts_at=timezone.now() + timedelta(hours=2))
    member = cf.member(cohort)
    live_session_cancel(session=soon, cancelled_by=trainer)
    mail.outbox.clear()
    assert send_session_reminders.delay().get() == 0
    assert mail.outbox == []
    with pytest.raises(Exception, match="cancelled"):
        checkin_code_current(session=soon)
    with pytest.raises(Exception, match="cancelled"):
        attendance_record(session=soon, user=member, source="grid", status="present")
    assert not Attendance.objects.exists()
    client.force_login(trainer)
    response = client.get(reverse("cohorts:checkin_code", args=[cohort.pk, soon.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("cohorts:attendance", args=[cohort.pk, soon.pk]),
        cf.attendance_grid({member: "present"}),
    )
    assert response.status_code == 302 and not Attendance.objects.exists()


def test_a_reminder_queued_before_the_cancellation_is_not_sent(cohort, trainer):
    soon = cf.live_session(cohort, starts_at=timezone.now() + timedelta(hours=2))
    cf.member(cohort)
    assert session_reminders_queue() == 1  # queued, not yet delivered
    live_session_cancel(session=soon, cancelled_by=trainer)
    mail.outbox.clear()
    send_session_reminders.delay().get()
    assert mail.outbox == []


def test_attendance_of_a_cancelled_session_no_longer_counts(cohort, trainer, course, monkeypatch):
    cohort.attendance_threshold = 100
    cohort.save()
    held = cf.live_session(cohort, title="Held", starts_at=timezone.now() - timedelta(hours=3))
    dropped = cf.live_session(cohort, title="Dropped")
    member = cf.member(cohort)
    attendance_record(session=held, user=member, source="grid", status="present")
    live_session_cancel(session=dropped, cancelled_by=trainer)
    # A month later the cancelled session's time has passed: it still counts for nobody.
    later = timezone.now() + timedelta(days=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert attendance_requirement_unmet(user=member, course=course) == []  # 1 of 1
    summary = reports.funder_summary(cohort=cohort)
    assert (summary["sessions"], summary["attended"]) == (1, 1)
    table = reports.export_table(cohort=cohort, kind="attendance")
    assert not any("Dropped" in str(cell) for cell in table.header)
    assert table.rows[0][-2:] == [1, 1]


def test_learner_and_trainer_pages_show_the_session_as_cancelled(
    client, cohort, trainer, django_capture_on_commit_callbacks
):
    session = cf.live_session(cohort, title="Digital identity")
    member = cf.member(cohort)
    live_session_cancel(session=session, cancelled_by=trainer, reason="Room unavailable.")
    client.force_login(member)
    page = client.get(reverse("cohorts:learner_cohort", args=[cohort.pk])).content.decode()
    assert "Digital identity" in page and "Cancelled" in page
    page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "This live session has been cancelled." in page and "Room unavailable." in page
    assert "Join the session" not in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Next live session" not in dashboard
    client.force_login(trainer)
    page = client.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    assert "Digital identity" in page and "Cancelled on" in page
    assert _cancel_url(session) not in page
    # Listed, marked, but not counted among the cohort's live sessions.
    assert "<strong>0</strong> live sessions" in page
    response = client.post(
        reverse("cohorts:session_edit", args=[cohort.pk, session.pk]),
        {"title": "Back", "starts_local": "2027-05-04T15:00", "duration_minutes": "60"},
    )
    assert response.status_code == 400 and "can no longer be changed" in response.content.decode()
    assert LiveSession.objects.get(pk=session.pk).title == "Digital identity"


def _edit(client, session, **overrides):
    data = {
        "title": session.title,
        "starts_local": session.starts_at.astimezone(session.cohort.tz).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": str(session.duration_minutes),
        "join_url": session.join_url,
        **overrides,
    }
    return client.post(reverse("cohorts:session_edit", args=[session.cohort_id, session.pk]), data)


def test_moving_a_session_emails_the_new_time_in_each_members_zone(
    trainer_client, trainer, course, django_capture_on_commit_callbacks
):
    cohort = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Rome")
    session = cf.live_session(
        cohort, title="Pension reform", starts_at=datetime(2027, 6, 3, 12, 0, tzinfo=UTC)
    )
    new_york = cf.member(cohort, time_zone="America/New_York", preferred_language="en")
    vientiane = cf.member(cohort, time_zone="Asia/Vientiane", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(trainer_client, session, starts_local="2027-06-04T16:00")  # Rome
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 6, 4, 14, 0, tzinfo=UTC)
    assert session.sequence == 1
    change = SessionChange.objects.get()
    assert (change.kind, change.changed_by, change.sequence) == (
        SessionChangeKind.RESCHEDULED,
        trainer,
        1,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([new_york.email, vientiane.email])
    ny = next(m for m in mail.outbox if m.to == [new_york.email])
    assert ny.subject == "New time: Pension reform"
    assert "June 4, 2027, 10 a.m. (America/New_York)" in ny.body
    assert "Instead of: June 3, 2027, 8 a.m. (America/New_York)" in ny.body
    lao = next(m for m in mail.outbox if m.to == [vientiane.email])
    assert "June 4, 2027, 9 p.m. (Asia/Vientiane)" in lao.body
    (event,) = icalendar.Calendar.from_ical(ny.attachments[0][1]).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2027, 6, 4, 14, 0, tzinfo=UTC)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_member_without_a_zone_reads_the_cohorts(
    trainer_client, trainer, course, django_capture_on_commit_callbacks
):
    cohort = cf.cohort(course=course, trainer=trainer, time_zone="Asia/Dushanbe")
    session = cf.live_session(cohort, starts_at=datetime(2027, 6, 3, 12, 0, tzinfo=UTC))
    member = cf.member(cohort)
    type(member).objects.filter(pk=member.pk).update(time_zone="")
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(trainer_client, session, duration_minutes="120")
    assert response.status_code == 302, response.content.decode()
    (email,) = mail.outbox
    assert "June 3, 2027, 5 p.m. (Asia/Dushanbe)" in email.body
    assert "120 minutes" in email.body


def test_an_edit_that_keeps_the_time_emails_nobody(
    trainer_client, cohort, django_capture_on_commit_callbacks
):
    session = cf.live_session(cohort, starts_at=datetime(2027, 6, 3, 12, 0, tzinfo=UTC))
    cf.member(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(trainer_client, session, title="A better title")
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.sequence) == ("A better title", 1)
    assert mail.outbox == [] and not SessionChange.objects.exists()
