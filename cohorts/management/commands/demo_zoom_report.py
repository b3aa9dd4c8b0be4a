"""Write a sample Zoom participants report (CSV) for a cohort's live session, to try the
attendance import with: the demo cohort's members with varied minutes (one who rejoined, one
who left early), a phone caller without an e-mail address and a visitor who is not a member.

    manage.py demo_zoom_report "<cohort name or id>" [--session ID] [--output FILE]

The session is the given one, else the cohort's latest session that has started (or its
first). Nothing is written to the database.
"""

import csv
import io
import zoneinfo
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cohorts.models import Cohort, LiveSession, Membership

HEADER = [
    "Name (Original Name)",
    "User Email",
    "Join Time",
    "Leave Time",
    "Duration (Minutes)",
    "Guest",
    "Recording Consent",
    "In Waiting Room",
]
# Share of the session each member stays, in turn (1.0 = all of it).
SHARES = (1.0, 0.95, 0.4, 0.85, 0.2, 0.7)
ZOOM_TIME = "%m/%d/%Y %I:%M:%S %p"


class Command(BaseCommand):
    help = "Write a sample Zoom participants report for a cohort's live session."

    def add_arguments(self, parser):
        parser.add_argument("cohort", help="The cohort's name or id.")
        parser.add_argument("--session", type=int, help="The live session's id.")
        parser.add_argument("--output", help="The CSV file to write (default: standard output).")

    def handle(self, *args, cohort: str, session=None, output=None, **options):
        found = _cohort(cohort)
        live = _session(found, session)
        text = report_csv(live)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            self.stdout.write(f"Zoom report for “{live.title}” written to {output}.")
        else:
            self.stdout.write(text, ending="")


def _cohort(value: str) -> Cohort:
    query = Cohort.objects.filter(pk=int(value)) if value.isdigit() else None
    cohort = (query.first() if query is not None else None) or (
        Cohort.objects.filter(name=value).first()
    )
    if cohort is None:
        raise CommandError(f"No cohort named or numbered {value!r}.")
    return cohort


def _session(cohort: Cohort, pk: int | None) -> LiveSession:
    sessions = LiveSession.objects.scheduled().filter(cohort=cohort).select_related("cohort")
    if pk is not None:
        session = sessions.filter(pk=pk).first()
    else:
        session = (
            sessions.filter(starts_at__lte=timezone.now()).order_by("-starts_at").first()
            or sessions.order_by("starts_at").first()
        )
    if session is None:
        raise CommandError(f"The cohort “{cohort.name}” has no such live session.")
    return session


def report_csv(session: LiveSession) -> str:
    """The report as Zoom writes it: one row per join, CRLF line ends."""
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone or "UTC")
    start = session.starts_at.astimezone(zone)
    length = session.duration_minutes
    rows = []

    def row(name, email, offset, minutes, guest="No"):
        joined = start + timedelta(minutes=offset, seconds=17)
        left = joined + timedelta(minutes=minutes)
        rows.append(
            [name, email, joined.strftime(ZOOM_TIME), left.strftime(ZOOM_TIME), minutes, guest]
            + (["Y", "No"] if guest == "No" else ["", "No"])
        )

    members = (
        Membership.objects.active()
        .filter(cohort=session.cohort)
        .select_related("user")
        .order_by("user__email")
    )
    for index, membership in enumerate(members):
        user = membership.user
        share = SHARES[index % len(SHARES)]
        minutes = max(1, round(length * share))
        name = user.full_name or user.email
        if index == 1:  # lost the connection and came back: two rows, added up on import
            row(name, user.email, 0, minutes // 2)
            row(name, user.email, minutes // 2 + 3, minutes - minutes // 2)
        else:
            row(name, user.email, 2, minutes)
    row("Phone caller 1", "", 5, round(length * 0.5), guest="Yes")
    row("Visitor", "visitor@example.net", 0, length, guest="Yes")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()
