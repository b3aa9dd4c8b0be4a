"""One rule for the time zone of every time a cohort shows (cohorts/zones.py): the cohort's
on its trainers' pages (the form and the list agree), the learner's own on theirs, each time
with its zone named; calendar files stay in UTC."""

import zoneinfo
from datetime import UTC, datetime

import icalendar
import pytest
from django.urls import reverse

from cohorts import zones
from tests.factories import UserFactory
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TASHKENT = zoneinfo.ZoneInfo("Asia/Tashkent")
START = datetime(2027, 1, 15, 13, 0, tzinfo=UTC)  # 14:00 in Paris (CET), 18:00 in Tashkent


@pytest.fixture
def cohort(course):
    trainer = UserFactory(roles=["Trainer"], time_zone="America/New_York")
    cohort = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Paris")
    cf.live_session(cohort, title="Actuarial review", starts_at=START)
    return cohort


def test_the_trainers_list_uses_the_cohorts_zone_like_the_form(client, cohort):
    trainer = cohort.trainers.get()
    session = cohort.sessions.get()
    client.force_login(trainer)
    html = client.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    assert zones.format_in(START, PARIS) in html
    assert "(CET, Europe/Paris)" in html
    assert "America/New_York" not in html  # the trainer's own zone is not used here
    form = client.get(reverse("cohorts:session_edit", args=[cohort.pk, session.pk]))
    assert form.context["form"].initial["starts_local"] == datetime(2027, 1, 15, 14, 0)
    assert "Europe/Paris" in form.content.decode()


def test_learners_see_their_own_zone_named(client, cohort):
    learner = cf.member(cohort, time_zone="Asia/Tashkent")
    client.force_login(learner)
    session = cohort.sessions.get()
    html = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert zones.format_in(START, TASHKENT) in html
    assert "(Asia/Tashkent)" in html  # "+05" is no name: the zone is named once
    assert 'datetime="2027-01-15T18:00:00+05:00"' in html
    page = client.get(reverse("cohorts:learner_cohort", args=[cohort.pk])).content.decode()
    assert zones.format_in(START, TASHKENT) in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert zones.format_in(START, TASHKENT) in dashboard


def test_a_profile_without_a_valid_zone_falls_back_to_the_cohorts(cohort):
    learner = cf.member(cohort)
    learner.time_zone = ""
    assert zones.learner_zone(learner, cohort) == PARIS
    learner.time_zone = "Mars/Olympus"
    assert zones.zone_for(cohort=cohort, user=learner) == PARIS
    assert zones.zone_for(cohort=cohort, user=learner, as_trainer=True) == PARIS


def test_zone_labels():
    summer = datetime(2027, 7, 1, 12, 0, tzinfo=UTC)
    assert zones.zone_label(START, PARIS) == "CET, Europe/Paris"
    assert zones.zone_label(summer, PARIS) == "CEST, Europe/Paris"
    assert zones.zone_label(summer, zoneinfo.ZoneInfo("UTC")) == "UTC"
    assert zones.zone_label(summer, TASHKENT) == "Asia/Tashkent"


def test_the_calendar_file_stays_in_utc(client, cohort):
    learner = cf.member(cohort, time_zone="Asia/Tashkent")
    client.force_login(learner)
    session = cohort.sessions.get()
    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    )
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == START
