"""Which time zone a time of a cohort is shown in, and how it is written: one rule for every
page, e-mail and message of the cohorts app (docs/decisions/cohorts-time-zones.md).

- A trainer's pages of a cohort (the session form, the session list, attendance, the check-in
  screen) use the cohort's zone: the form reads times typed in it, the list shows them in it.
- A learner sees their own zone, the one in their profile; a profile without a valid zone
  falls back to the cohort's.
- Every time shown says its zone: its abbreviation when the zone has one, and its name.
- Calendar files (.ics) carry UTC; calendar programs convert them (cohorts/calendar.py).
"""

import zoneinfo
from datetime import datetime

from django.utils import formats

from .models import Cohort

UTC_NAME = "UTC"


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def cohort_zone(cohort: Cohort) -> zoneinfo.ZoneInfo:
    return _zone(cohort.time_zone) or zoneinfo.ZoneInfo(UTC_NAME)


def learner_zone(user, cohort: Cohort | None = None) -> zoneinfo.ZoneInfo:
    """The learner's profile zone, else the cohort's, else UTC."""
    zone = _zone(getattr(user, "time_zone", None))
    if zone is not None:
        return zone
    return cohort_zone(cohort) if cohort is not None else zoneinfo.ZoneInfo(UTC_NAME)


def zone_for(*, cohort: Cohort, user=None, as_trainer: bool = False) -> zoneinfo.ZoneInfo:
    """The zone a person sees the cohort's times in: the cohort's on its trainers' pages,
    the learner's own elsewhere."""
    if as_trainer or user is None:
        return cohort_zone(cohort)
    return learner_zone(user, cohort)


def zone_label(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """ "CET, Europe/Paris"; a zone whose abbreviation is only an offset ("+05") or its own
    name (UTC) is written once."""
    abbreviation = moment.astimezone(zone).tzname() or ""
    if not abbreviation or abbreviation[0] in "+-" or abbreviation == zone.key:
        return zone.key
    return f"{abbreviation}, {zone.key}"


def format_in(moment: datetime, zone: zoneinfo.ZoneInfo, fmt: str = "DATETIME_FORMAT") -> str:
    """A datetime in the zone, in the active language's format, with its zone named."""
    local = moment.astimezone(zone)
    return f"{formats.date_format(local, fmt)} ({zone_label(moment, zone)})"


def format_local(moment: datetime, cohort: Cohort, user=None) -> str:
    """A time of the cohort as this learner sees it (their zone, named)."""
    return format_in(moment, zone_for(cohort=cohort, user=user))
