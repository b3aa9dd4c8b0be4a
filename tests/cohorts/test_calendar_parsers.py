"""Every calendar the cohorts app serves (a session's .ics, the trainer's download, the cohort
feed, a learner's feed), read by two independent parsers (icalendar and vobject): UIDs stay
the same across edits and a cancellation, SEQUENCE grows, times are UTC ("Z"), a cancelled
session stays with STATUS:CANCELLED, and no event goes missing."""

from datetime import UTC, timedelta

import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from cohorts.services import calendar_token_for, live_session_cancel, live_session_update
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


def _parse(payload: bytes) -> dict[str, dict]:
    """{uid: event facts}, checked to be the same whichever parser reads the file."""
    text = payload.decode("utf-8")
    by_icalendar = {}
    for event in icalendar.Calendar.from_ical(payload).walk("VEVENT"):
        by_icalendar[str(event["UID"])] = {
            "sequence": int(event["SEQUENCE"]),
            "start": event.decoded("DTSTART"),
            "status": str(event.get("STATUS", "")),
            "summary": str(event["SUMMARY"]),
        }
    by_vobject = {}
    for event in vobject.readOne(text).vevent_list:
        by_vobject[event.uid.value] = {
            "sequence": int(event.sequence.value),
            "start": event.dtstart.value,
            "status": event.status.value if hasattr(event, "status") else "",
            "summary": event.summary.value,
        }
    assert by_icalendar == by_vobject
    assert len(by_icalendar) == text.count("BEGIN:VEVENT")  # no event lost or merged
    unfolded = text.replace("\r\n ", "")
    for line in unfolded.splitlines():
        if line.startswith(("DTSTART", "DTEND", "DTSTAMP")):
            assert line.endswith("Z") and ";TZID" not in line, line
    for facts in by_icalendar.values():
        assert facts["start"].utcoffset() == timedelta(0)
    return by_icalendar


def _feeds(client, *, cohort, session, learner, trainer):
    """Each calendar in which the session appears, as (name, payload)."""
    token = calendar_token_for(user=learner).token
    client.force_login(learner)
    yield "session .ics", client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    yield "learner feed", client.get(reverse("cohorts:learner_feed", args=[token])).content
    client.logout()
    yield "cohort feed", client.get(cohort.feed_url()).content
    client.force_login(trainer)
    yield (
        "trainer download",
        client.get(reverse("cohorts:cohort_calendar", args=[cohort.pk])).content,
    )
    client.logout()


def test_uid_stays_sequence_grows_and_the_cancelled_event_stays_in_every_feed(
    client, cohort, trainer
):
    learner = cf.member(cohort)
    start = (timezone.now() + timedelta(days=10)).replace(microsecond=0, second=0)
    session = cf.live_session(cohort, title="Social registries", starts_at=start)
    other = cf.live_session(cohort, title="openIMIS in practice")
    uid = f"{session.uid}@socle"
    seen = []
    for step in ("created", "edited", "moved", "cancelled"):
        if step == "edited":
            live_session_update(session=session, title="Social registries and DCI")
        elif step == "moved":
            live_session_update(session=session, starts_at=start + timedelta(hours=2))
        elif step == "cancelled":
            live_session_cancel(session=session, cancelled_by=trainer, reason="Speaker ill.")
        sequences = set()
        for name, payload in _feeds(
            client, cohort=cohort, session=session, learner=learner, trainer=trainer
        ):
            events = _parse(payload)
            assert uid in events, (step, name)
            if name != "session .ics":
                assert f"{other.uid}@socle" in events and len(events) == 2, (step, name)
            event = events[uid]
            sequences.add(event["sequence"])
            expected_start = start + timedelta(hours=2) if step in ("moved", "cancelled") else start
            assert event["start"] == expected_start.astimezone(UTC)
            if step == "cancelled":
                assert event["status"] == "CANCELLED", name
                assert event["summary"].startswith("Cancelled: Social registries and DCI")
            else:
                assert event["status"] == "CONFIRMED", name
            if name != "session .ics":
                assert events[f"{other.uid}@socle"]["status"] == "CONFIRMED"
        assert len(sequences) == 1  # every feed says the same
        seen.append(sequences.pop())
    assert seen == sorted(seen) and len(set(seen)) == 4  # grew at each step


def test_a_cancelled_event_has_no_alarm_and_carries_the_reason(client, cohort, trainer):
    learner = cf.member(cohort)
    session = cf.live_session(cohort)
    live_session_cancel(session=session, cancelled_by=trainer, reason="The speaker is ill.")
    client.force_login(learner)
    payload = client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    (event,) = icalendar.Calendar.from_ical(payload).walk("VEVENT")
    assert not event.walk("VALARM")
    assert "The speaker is ill." in str(event["DESCRIPTION"])
