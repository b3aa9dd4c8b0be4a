"""Learners: their cohort's schedule, next live session and due dates on the dashboard."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from cohorts.services import module_schedule_set
from courses.selectors import course_steps
from tests.factories import cohorts as cf


def test_dashboard_panel_shows_next_session_and_due_dates(client, course, trainer):
    today = timezone.now().date()
    cohort = cf.cohort(
        course=course,
        trainer=trainer,
        pacing="scheduled",
        time_zone="Europe/Rome",
        start_date=today - timedelta(days=3),
        end_date=today + timedelta(days=40),
    )
    steps = course_steps(course)
    schedule = module_schedule_set(
        cohort=cohort, module=steps[0].get_parent(), release_day=0, due_day=13
    )
    cf.live_session(cohort, title="Held already", starts_at=timezone.now() - timedelta(days=1))
    nxt = cf.live_session(
        cohort, title="Coming next", starts_at=datetime(2030, 1, 15, 9, 0, tzinfo=UTC)
    )
    cf.live_session(cohort, title="Later", starts_at=datetime(2030, 2, 15, 9, 0, tzinfo=UTC))
    learner = cf.member(cohort, time_zone="Asia/Vientiane")
    client.force_login(learner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "My cohorts and live sessions" in body
    assert "Coming next" in body and "Later" not in body and "Held already" not in body
    assert "Jan. 15, 2030, 4 p.m." in body  # 09:00 UTC in Vientiane (UTC+7)
    assert "Asia/Vientiane" in body
    # Due at the end of day 13 in Rome, shown in the learner's own zone (the next morning).
    due = schedule.due_at().astimezone(ZoneInfo("Asia/Vientiane"))
    assert f"{steps[0].get_parent().title}:" in body
    assert due.isoformat() in body  # the <time datetime=...> of the due date
    assert reverse("cohorts:session_ics", args=[nxt.pk]) in body
    assert "/cohorts/feeds/me/" in body
    page = client.get(reverse("cohorts:learner_cohort", args=[cohort.pk])).content.decode()
    assert "Held already" in page and "Later" in page


def test_no_panel_without_a_cohort(learner_client):
    body = learner_client.get(reverse("dashboard")).content.decode()
    assert "My cohorts and live sessions" not in body


def test_learner_cohort_page_only_for_members(learner_client, cohort):
    assert (
        learner_client.get(reverse("cohorts:learner_cohort", args=[cohort.pk])).status_code == 404
    )
