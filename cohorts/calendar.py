"""iCalendar (RFC 5545) files for live sessions: one session, a cohort's feed, a learner's feed.

Times are written in UTC ("Z"): every calendar program converts them to the reader's own zone,
so a session across a daylight-saving change lands at the right local hour everywhere.

A cancelled session stays in every feed with STATUS:CANCELLED and a higher SEQUENCE (the UID
never changes): that is how calendar programs learn to remove an event they already hold; an
event that merely disappears from a feed is kept by some of them.
"""

from collections.abc import Iterable
from datetime import UTC, timedelta

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LiveSession

PRODID = "-//Socle//Cohorts and webinars//EN"


def _event(session: LiveSession) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{session.uid}@socle")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("sequence", session.sequence)
    summary = f"{session.title} ({session.cohort.name})"
    lines = [session.description.strip()] if session.description.strip() else []
    if session.is_cancelled:
        event.add("status", "CANCELLED")
        event.add("summary", _("Cancelled: %(title)s") % {"title": summary})
        if session.cancel_reason:
            lines.insert(0, session.cancel_reason.strip())
    else:
        event.add("status", "CONFIRMED")
        event.add("summary", summary)
    if session.join_url:
        lines.append(session.join_url)
        event.add("location", session.join_url)
        event.add("url", session.join_url)
    lines.extend(session.material_lines())
    if session.recording_url:
        lines.append(session.recording_url)
    if lines:
        event.add("description", "\n\n".join(lines))
    if session.is_cancelled:
        return event  # no alarm for a session that will not take place
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", session.title)
    alarm.add("trigger", timedelta(minutes=-15))
    event.add_component(alarm)
    return event


def calendar_bytes(sessions: Iterable[LiveSession], *, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for session in sessions:
        cal.add_component(_event(session))
    return cal.to_ical()
