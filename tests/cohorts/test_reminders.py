"""Reminder e-mails before a live session, sent by Celery beat once per session."""

from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.utils import timezone

from cohorts.services import live_session_update
from cohorts.tasks import announce_ended_sessions, send_session_reminders
from tests.factories import cohorts as cf


def test_beat_schedule_has_the_reminder_task():
    entry = settings.CELERY_BEAT_SCHEDULE["cohorts-session-reminders"]
    assert entry["task"] == send_session_reminders.name
    ended = settings.CELERY_BEAT_SCHEDULE["cohorts-ended-sessions"]
    assert ended["task"] == announce_ended_sessions.name


def test_reminders_sent_once_in_each_learners_language_and_zone(cohort):
    soon = cf.live_session(
        cohort, title="Digital registries", starts_at=timezone.now() + timedelta(hours=3)
    )
    cf.live_session(cohort, title="Far away", starts_at=timezone.now() + timedelta(days=5))
    cf.live_session(cohort, title="Over", starts_at=timezone.now() - timedelta(hours=3))
    paris = cf.member(cohort, preferred_language="fr", time_zone="Europe/Paris")
    dushanbe = cf.member(cohort, preferred_language="en", time_zone="Asia/Dushanbe")
    assert send_session_reminders.delay().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([paris.email, dushanbe.email])
    fr = next(m for m in mail.outbox if m.to == [paris.email])
    en = next(m for m in mail.outbox if m.to == [dushanbe.email])
    assert "Digital registries" in en.subject
    local = timezone.localtime(
        soon.starts_at, timezone=__import__("zoneinfo").ZoneInfo("Asia/Dushanbe")
    )
    assert f"{local:%-I}" in en.body and "Asia/Dushanbe" in en.body
    assert "Europe/Paris" in fr.body
    assert f"/cohorts/sessions/{soon.pk}.ics" in en.body
    # A second beat run sends nothing more.
    assert send_session_reminders.delay().get() == 0
    assert len(mail.outbox) == 2


def test_moving_a_session_rearms_its_reminder(cohort):
    session = cf.live_session(cohort, starts_at=timezone.now() + timedelta(hours=2))
    cf.member(cohort)
    send_session_reminders.delay()
    assert len(mail.outbox) == 1
    live_session_update(session=session, starts_at=timezone.now() + timedelta(hours=5))
    send_session_reminders.delay()
    assert len(mail.outbox) == 2
