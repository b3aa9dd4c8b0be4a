"""Hostile files and values are refused with a message (HTTP 400) and write nothing:
spreadsheet bombs, NUL bytes, over-long e-mails, header injection, odd digits in grid row ids,
dates and numbers out of bounds, time zones that are not places."""

import io
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts.forms import CohortForm
from cohorts.models import Attendance, Cohort, LiveSession, Membership
from learning.spreadsheets import SpreadsheetRefused, xlsx_archive_check
from learning.validators import validate_time_zone
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db
User = get_user_model()


def _file(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


def _bomb(sheet_bytes: int = 8 * 1024 * 1024) -> bytes:
    """A small .xlsx whose sheet XML unpacks to `sheet_bytes` of blanks (built in memory,
    written in chunks, compressed about a thousandfold)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(sheet_bytes // len(chunk)):
                sheet.write(chunk)
    return buffer.getvalue()


def _state():
    return (
        User.objects.count(),
        Membership.objects.count(),
        Attendance.objects.count(),
        Cohort.objects.count(),
        LiveSession.objects.count(),
    )


@pytest.fixture
def session(cohort):
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))


@pytest.mark.parametrize("kind", ["participants", "attendance"])
def test_a_spreadsheet_bomb_is_refused_before_parsing(trainer_client, cohort, session, kind):
    data = _bomb()
    assert len(data) < 100_000
    url = (
        reverse("cohorts:import", args=[cohort.pk])
        if kind == "participants"
        else reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    )
    before = _state()
    with mock.patch("cohorts.importing.load_workbook", side_effect=AssertionError("parsed")):
        response = trainer_client.post(url, {"file": _file(data, "list.xlsx")})
    assert response.status_code == 400
    assert "compressed suspiciously well" in response.content.decode()
    assert _state() == before


def test_archive_limits_members_and_total_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(201):
            archive.writestr(f"part{n}.xml", "<x/>")
    with pytest.raises(SpreadsheetRefused, match="too many parts"):
        xlsx_archive_check(buffer.getvalue())
    with pytest.raises(SpreadsheetRefused, match="unpacks to more than 50 MB"):
        xlsx_archive_check(_bomb(sheet_bytes=51 * 1024 * 1024))
    with pytest.raises(SpreadsheetRefused, match="cannot be opened"):
        xlsx_archive_check(b"PK\x03\x04 not a zip")


def test_a_nul_byte_anywhere_in_a_csv_is_refused(trainer_client, cohort):
    filler = "".join(f"Person {n},p{n}@example.org,,,,\n" for n in range(300))
    data = f"name,email,country,organisation,organisation_type,sex\n{filler}"
    data += "Nul Name,nul@example.org,,Org\x00anisation,,\n"
    assert len(data.encode()) > 4096
    before = _state()
    response = trainer_client.post(
        reverse("cohorts:import", args=[cohort.pk]), {"file": _file(data.encode(), "p.csv")}
    )
    assert response.status_code == 400
    assert "This is not a text CSV file" in response.content.decode()
    assert _state() == before


def test_the_dry_run_refuses_what_the_confirm_would_refuse(trainer_client, cohort):
    long_email = ("a" * 60 + ".") * 3 + "b" * 5 + "@" + "c" * 50 + ".org"
    long_email = long_email[: 255 - len("@example.org")] + "@example.org"
    assert len(long_email) == 255
    data = (
        "name,email,country,organisation,organisation_type,sex\r\n"
        f"Long Address,{long_email},,,,\r\n"
        '"Line\r\nBreak",cr@example.org,,,,\r\n'  # a quoted cell may hold a line break
        "Fine,fine@example.org,,Org\u2028Split,,\r\n"
    )
    response = trainer_client.post(
        reverse("cohorts:import", args=[cohort.pk]), {"file": _file(data.encode(), "p.csv")}
    )
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.errors == 3
    assert not plan.to_add
    body = response.content.decode()
    assert "is not a valid e-mail address" in body
    assert "The name holds a line break or a control character." in body
    assert "The organisation holds a line break or a control character." in body
    assert not User.objects.filter(email__in=["cr@example.org", "fine@example.org"]).exists()


def test_odd_digits_in_the_attendance_grid_are_refused(trainer_client, cohort, session):
    member = cf.member(cohort)
    cf.member(cohort)  # room for a second row
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    for raw in ("²", "99999999999999999999", "١", f"0{member.pk}", f" {member.pk}", ""):
        response = trainer_client.post(url, cf.attendance_grid({member: "present", raw: "present"}))
        assert response.status_code == 400, raw
        assert "Unknown participant in the attendance grid." in response.content.decode()
    assert Attendance.objects.count() == 0


def test_odd_digits_in_the_message_selection_are_refused(
    trainer_client, cohort, django_capture_on_commit_callbacks
):
    cf.member(cohort)
    url = reverse("cohorts:message", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for value in ("²", "99999999999999999999"):
            response = trainer_client.post(
                url, {"user": [value], "subject": "Hello", "body": "Body"}
            )
            assert response.status_code == 400, value
            assert "Unknown participant in the selection." in response.content.decode()
    assert mail.outbox == []


def test_a_line_break_in_a_message_subject_is_refused(
    trainer_client, cohort, django_capture_on_commit_callbacks
):
    cf.member(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("cohorts:message", args=[cohort.pk]),
            {"subject": "Hello\r\nBcc: everyone@example.org", "body": "Body"},
        )
    assert response.status_code == 400
    assert "Write this on one line" in response.content.decode()
    assert mail.outbox == []


def _cohort_data(course, **overrides):
    data = {
        "course": course.pk,
        "name": "Governance, spring 2027",
        "start_date": "2027-03-01",
        "end_date": "2027-04-12",
        "time_zone": "Europe/Paris",
        "enrollment_mode": "invitation",
        "pacing": "self_paced",
        "presence_percent": "60",
        "inactivity_days": "7",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Spring\r\nBcc: everyone@example.org"}, "Write this on one line"),
        ({"inactivity_days": "999999999999"}, "less than or equal to 365"),
        ({"capacity": "99999999999"}, "less than or equal to 100000"),
        ({"time_zone": "localtime"}, "Select a valid choice"),
        ({"time_zone": "Factory"}, "Select a valid choice"),
        ({"end_date": "9999-12-31"}, "Choose a date between 2000 and"),
    ],
)
def test_bad_cohort_values_are_refused(trainer_client, course, overrides, message):
    before = _state()
    response = trainer_client.post(reverse("cohorts:create"), _cohort_data(course, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state() == before


def test_a_line_break_in_the_name_of_an_existing_cohort_is_refused(trainer_client, cohort):
    data = {k: v for k, v in CohortForm(instance=cohort).initial.items() if v is not None}
    data.update(
        name="Renamed\nBcc: x@example.org",
        start_date=cohort.start_date.isoformat(),
        end_date=cohort.end_date.isoformat(),
        trainers=[],
    )
    data.pop("course", None)
    response = trainer_client.post(reverse("cohorts:edit", args=[cohort.pk]), data)
    assert response.status_code == 400
    cohort.refresh_from_db()
    assert "\n" not in cohort.name


@pytest.mark.parametrize("when", ["9999-12-31T10:00", "1900-01-01T10:00"])
def test_a_session_far_from_today_is_refused(trainer_client, cohort, when):
    before = _state()
    response = trainer_client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {"title": "Far away", "starts_local": when, "duration_minutes": "60"},
    )
    assert response.status_code == 400
    assert "within 5 years of today" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "Webinar\r\nBcc: x@example.org"}, "Write this on one line"),
        ({"duration_minutes": "99999"}, "less than or equal to 1440"),
        ({"materials": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_session_values_are_refused(trainer_client, cohort, overrides, message):
    before = _state()
    data = {
        "title": "Webinar",
        "starts_local": (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        **overrides,
    }
    response = trainer_client.post(reverse("cohorts:session_create", args=[cohort.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "Not/AZone"])
def test_one_time_zone_validator_refuses_names_that_are_not_places(zone):
    with pytest.raises(ValidationError):
        validate_time_zone(zone)
    validate_time_zone("Africa/Kigali")


def test_the_profile_does_not_offer_localtime(client, learner):
    client.force_login(learner)
    page = client.get(reverse("profile")).content.decode()
    assert 'value="localtime"' not in page
    assert 'value="Africa/Kigali"' in page
