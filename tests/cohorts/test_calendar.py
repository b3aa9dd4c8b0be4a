"""Calendar files and feeds, parsed with icalendar; times in each learner's own zone."""

from datetime import UTC, datetime

import icalendar
from django.urls import reverse

from cohorts.models import LiveSession
from cohorts.services import calendar_token_for, calendar_token_reset
from tests.factories import UserFactory
from tests.factories import cohorts as cf


def _events(payload: bytes):
    cal = icalendar.Calendar.from_ical(payload)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_session_ics(client, cohort):
    session = cf.live_session(
        cohort,
        title="Financing adaptive social protection",
        description="Shock-responsive programmes; the Global Shield.",
        starts_at=datetime(2027, 5, 4, 12, 0, tzinfo=UTC),
        duration_minutes=90,
        materials="https://example.org/slides.pdf",
    )
    member = cf.member(cohort)
    client.force_login(member)
    response = client.get(reverse("cohorts:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["SUMMARY"]).startswith("Financing adaptive social protection")
    assert event.decoded("DTSTART") == datetime(2027, 5, 4, 12, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 5, 4, 13, 30, tzinfo=UTC)
    assert str(event["UID"]) == f"{session.uid}@socle"
    assert "https://meet.jit.si/socle-governance" in str(event["DESCRIPTION"])
    assert "slides.pdf" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "https://meet.jit.si/socle-governance"


def test_session_ics_not_for_outsiders(client, cohort):
    session = cf.live_session(cohort)
    client.force_login(UserFactory())
    assert client.get(reverse("cohorts:session_ics", args=[session.pk])).status_code == 404
    assert client.get(reverse("cohorts:session", args=[session.pk])).status_code == 404


def test_cohort_feed_needs_its_token_only(client, cohort):
    cf.live_session(cohort, title="Webinar 1")
    cf.live_session(cohort, title="Webinar 2")
    response = client.get(cohort.feed_url())
    assert response.status_code == 200
    assert sorted(str(e["SUMMARY"]).split(" (")[0] for e in _events(response.content)) == [
        "Webinar 1",
        "Webinar 2",
    ]
    assert client.get(reverse("cohorts:cohort_feed", args=["wrong-token"])).status_code == 404


def test_learner_feed_lists_sessions_of_all_their_cohorts(client, cohort, course, trainer):
    other = cf.cohort(course=course, trainer=trainer, name="Other cohort")
    learner = cf.member(cohort)
    cf.member(other, user=learner)
    cf.live_session(cohort, title="Mine A")
    cf.live_session(other, title="Mine B")
    cf.live_session(cf.cohort(course=course, trainer=trainer), title="Not mine")

    token = calendar_token_for(user=learner).token
    response = client.get(reverse("cohorts:learner_feed", args=[token]))
    titles = sorted(str(e["SUMMARY"]).split(" (")[0] for e in _events(response.content))
    assert titles == ["Mine A", "Mine B"]
    calendar_token_reset(user=learner)
    assert client.get(reverse("cohorts:learner_feed", args=[token])).status_code == 404


def test_updated_session_raises_sequence(trainer_client, cohort):
    session = cf.live_session(cohort, starts_at=datetime(2027, 5, 4, 12, 0, tzinfo=UTC))
    response = trainer_client.post(
        reverse("cohorts:session_edit", args=[cohort.pk, session.pk]),
        {
            "title": session.title,
            "starts_local": "2027-05-04T15:00",
            "duration_minutes": "60",
            "join_url": session.join_url,
        },
    )
    assert response.status_code == 302
    (event,) = _events(
        trainer_client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    )
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime(2027, 5, 4, 15, 0, tzinfo=UTC)  # cohort in UTC


def test_session_across_daylight_saving_change(trainer_client, trainer, course, client):
    """Paris moves to summer time on 28 March 2027, New York on 14 March, Dushanbe never.
    A session typed as 10:00 in Paris on 29 March is 08:00 UTC, 04:00 in New York and 13:00 in
    Dushanbe; one on 26 March (before the change in Paris) is 09:00 UTC and 05:00 in New York."""
    cohort = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Paris")
    for day in ("2027-03-26", "2027-03-29"):
        response = trainer_client.post(
            reverse("cohorts:session_create", args=[cohort.pk]),
            {"title": f"Webinar {day}", "starts_local": f"{day}T10:00", "duration_minutes": "90"},
        )
        assert response.status_code == 302
    before, after = LiveSession.objects.filter(cohort=cohort).order_by("starts_at")
    assert before.starts_at == datetime(2027, 3, 26, 9, 0, tzinfo=UTC)
    assert after.starts_at == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)

    new_york = cf.member(cohort, time_zone="America/New_York")
    client.force_login(new_york)
    page = client.get(reverse("cohorts:session", args=[after.pk])).content.decode()
    assert "March 29, 2027, 4 a.m." in page and "America/New_York" in page
    page = client.get(reverse("cohorts:session", args=[before.pk])).content.decode()
    assert "March 26, 2027, 5 a.m." in page
    dushanbe = cf.member(cohort, time_zone="Asia/Dushanbe")
    client.force_login(dushanbe)
    page = client.get(reverse("cohorts:session", args=[after.pk])).content.decode()
    assert "March 29, 2027, 1 p.m." in page
    (event,) = _events(client.get(reverse("cohorts:session_ics", args=[after.pk])).content)
    assert event.decoded("DTSTART") == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)


def test_time_that_does_not_exist_is_refused(trainer_client, trainer, course):
    cohort = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Paris")
    response = trainer_client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {"title": "Impossible", "starts_local": "2027-03-28T02:30", "duration_minutes": "60"},
    )
    assert response.status_code == 400
    assert "does not exist in Europe/Paris" in response.content.decode()
    assert not LiveSession.objects.filter(cohort=cohort).exists()


def test_session_spanning_the_change_ends_at_the_right_hour(trainer_client, trainer, course):
    """01:30 in Paris on 28 March 2027 plus 120 minutes is 04:30 summer time (02:00 skipped)."""
    cohort = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Paris")
    trainer_client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {"title": "Night owls", "starts_local": "2027-03-28T01:30", "duration_minutes": "120"},
    )
    session = LiveSession.objects.get(cohort=cohort)
    (event,) = _events(
        trainer_client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    )
    assert event.decoded("DTSTART") == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    end_local = event.decoded("DTEND").astimezone(cohort.tz)
    assert (end_local.hour, end_local.minute) == (4, 30)
