"""Zoom and Microsoft Teams attendance reports, imported with the same dry run as any other
attendance file: matched by e-mail, unmatched rows listed, nothing written before confirm.
The files in reports/ are written from the formats the two tools document."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cohorts.importing import ImportFileError
from cohorts.models import Attendance
from cohorts.webinars.reports import duration_minutes, parse_webinar_report
from tests.factories import UserFactory
from tests.factories import cohorts as cf

REPORTS = Path(__file__).parent / "reports"


def _parse(name: str):
    rows = parse_webinar_report(filename=name, data=(REPORTS / name).read_bytes())
    return {r.values["email"]: r.values["minutes"] for r in rows if r.ok}, [
        (r.line, r.errors) for r in rows if not r.ok
    ]


def _upload(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("65", "65"),
        ("65,5", "65,5"),
        ("1h 4m 28s", "64.47"),
        ("20m 59s", "20.98"),
        ("45m", "45.00"),
        ("59s", "0.98"),
        ("2h", "120.00"),
        ("1:04:28", "64.47"),
        ("04:28", "4.47"),
        ("lots", "lots"),
        ("", ""),
    ],
)
def test_durations(text, minutes):
    assert duration_minutes(text) == minutes


def test_zoom_participants_report():
    minutes, errors = _parse("zoom_participants.csv")
    assert minutes == {
        "trainer@example.org": 97,
        "aziz@example.org": 88,  # rejoined: 32 + 56
        "bola@example.org": 21,
        "lan@example.org": 90,
        "visitor@example.net": 60,
    }
    assert errors == [(7, ["The row has no e-mail address (a guest?)."])]


def test_zoom_report_with_meeting_data():
    minutes, errors = _parse("zoom_participants_with_meeting_data.csv")
    # The meeting line (the host's e-mail, the meeting's length) is not a participant.
    assert minutes == {"aziz@example.org": 88, "bola@example.org": 21}
    assert errors == []


def test_teams_report_reads_the_participants_totals_only():
    minutes, errors = _parse("teams_attendance.csv")
    assert minutes == {
        "trainer@example.org": 97,
        "aziz@example.org": 87,  # 1h 27m 15s; the activities section is not added again
        "bola@example.org": 21,
        "lan@example.org": 90,
    }
    assert errors == [(15, ["The row has no e-mail address (a guest?)."])]


def test_older_teams_report_adds_up_each_join():
    minutes, errors = _parse("teams_attendance_2021.csv")
    assert minutes == {"aziz@example.org": 87, "bola@example.org": 21}
    assert errors == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # A Teams file whose participants section was cut off.
        (
            "1. Summary\r\nMeeting title\tX\r\n\r\n3. In-Meeting Activities\r\n".encode("utf-16"),
            "This looks like a Microsoft Teams attendance report, but its list of participants",
        ),
        # Zoom's meeting line alone.
        (
            b"Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
            b"812,Webinar,03/10/2026 09:55:02 AM,03/10/2026 11:31:40 AM,t@example.org,97,5\r\n",
            "This looks like a Zoom report, but its participant rows",
        ),
        # UTF-16 cut in the middle of a character.
        ("1. Summary".encode("utf-16")[:-1], "it is not valid UTF-16 text"),
        # Something else entirely.
        (b"Name;Score\r\nA;3\r\n", "Wrong header"),
        (b"", "The file is empty."),
    ],
)
def test_malformed_reports_are_refused(data, message):
    with pytest.raises(ImportFileError, match=message):
        parse_webinar_report(filename="report.csv", data=data)


@pytest.fixture
def session(cohort):
    # 90 minutes, presence rule 60 % -> 54 minutes.
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(hours=3))


def test_teams_report_dry_run_then_confirm(trainer_client, cohort, session):
    aziz = cf.member(cohort, email="aziz@example.org")
    bola = cf.member(cohort, email="bola@example.org")
    cf.member(cohort, email="absent@example.org")
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    data = (REPORTS / "teams_attendance.csv").read_bytes()
    response = trainer_client.post(url, {"file": _upload(data, "meetingAttendanceReport.csv")})
    assert response.status_code == 200
    plan = {row.line: row for row in response.context["plan"]}
    assert (plan[12].email, plan[12].minutes, plan[12].status) == (
        "aziz@example.org",
        87,
        "present",
    )
    assert (plan[13].minutes, plan[13].status) == (21, "absent")
    # Unmatched rows are listed with their reason: not members, no e-mail address.
    page = response.content.decode()
    assert page.count(escape("No member of this cohort has this e-mail address.")) == 2
    assert escape("The row has no e-mail address (a guest?).") in page
    assert Attendance.objects.count() == 0
    response = trainer_client.post(url, {"confirm": "1", "rows": response.context["token"]})
    assert response.status_code == 302
    records = {a.user_id: (a.status, a.minutes, a.source) for a in Attendance.objects.all()}
    assert records == {aziz.pk: ("present", 87, "import"), bola.pk: ("absent", 21, "import")}


def test_malformed_report_upload_writes_nothing(trainer_client, cohort, session):
    cf.member(cohort, email="aziz@example.org")
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    broken = "1. Summary\r\nMeeting title\tX\r\n".encode("utf-16")
    response = trainer_client.post(url, {"file": _upload(broken, "report.csv")})
    assert response.status_code == 400
    assert "list of participants" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_other_trainer_cannot_import(client, cohort, session):
    client.force_login(UserFactory(roles=["Trainer"]))
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    data = (REPORTS / "zoom_participants.csv").read_bytes()
    assert client.post(url, {"file": _upload(data, "z.csv")}).status_code == 404


def test_demo_zoom_report_command_round_trips(cohort, session, tmp_path):
    members = [cf.member(cohort) for _ in range(4)]
    out = io.StringIO()
    call_command("demo_zoom_report", str(cohort.pk), stdout=out)
    rows = parse_webinar_report(filename="zoom.csv", data=out.getvalue().encode())
    matched = {r.values["email"]: r.values["minutes"] for r in rows if r.ok}
    assert {m.email for m in members} <= set(matched)
    assert "visitor@example.net" in matched
    assert sum(1 for r in rows if not r.ok) == 1  # the phone caller
    # By name, into a file.
    target = tmp_path / "zoom.csv"
    call_command("demo_zoom_report", cohort.name, output=str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8").startswith("Name (Original Name),User Email")
    with pytest.raises(CommandError):
        call_command("demo_zoom_report", "no such cohort")
