"""Exports for funders: the numbers match the rows, formulas are neutralised, the summary
breaks down by country, sex and organisation type, with a chart."""

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_countries import countries
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cohorts.models import Membership
from cohorts.services import attendance_record
from courses.models import Enrollment, EnrollmentStatus
from tests.factories import cohorts as cf


def _csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _setup(cohort):
    people = [
        cf.member(
            cohort,
            full_name="Malika Rahimova",
            country="TJ",
            sex="female",
            organisation_type="social_security",
        ),
        cf.member(
            cohort,
            full_name="Somchai Vongsa",
            country="LA",
            sex="male",
            organisation_type="ministry",
        ),
        cf.member(
            cohort,
            full_name="Nodira Yusupova",
            country="TJ",
            sex="female",
            organisation_type="ministry",
        ),
        cf.member(
            cohort, full_name="=cmd|' /C calc'!A0", country="RW", sex="", organisation_type=""
        ),
    ]
    Enrollment.objects.filter(user=people[0]).update(
        status=EnrollmentStatus.COMPLETED, completed_at=timezone.now()
    )
    # Held already: only sessions that have ended count (cohorts/attendance.py).
    now = timezone.now()
    s1 = cf.live_session(cohort, title="Webinar 1", starts_at=now - timedelta(days=2))
    s2 = cf.live_session(cohort, title="Webinar 2", starts_at=now - timedelta(days=1))
    attendance_record(session=s1, user=people[0], source="import", minutes=80)
    attendance_record(session=s2, user=people[0], source="grid", status="present")
    attendance_record(session=s1, user=people[1], source="import", minutes=10)
    return people


def test_enrolments_csv_matches_rows_and_neutralises_formulas(trainer_client, cohort):
    _setup(cohort)
    response = trainer_client.get(reverse("cohorts:export", args=[cohort.pk, "enrolments", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][:3] == ["Name", "E-mail", "Country"]
    assert len(rows) - 1 == cohort.memberships.count() == 4
    names = [r[0] for r in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names
    assert not any(name.startswith("=") for row in rows for name in row)


def test_attendance_and_completions_numbers(trainer_client, cohort):
    _setup(cohort)
    rows = _csv_rows(
        trainer_client.get(reverse("cohorts:export", args=[cohort.pk, "attendance", "csv"]))
    )
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    assert header[-2:] == ["Sessions attended", "Live sessions held"]
    assert body["Malika Rahimova"][-2:] == ["2", "2"]
    assert body["Somchai Vongsa"][-2:] == ["0", "2"]
    malika = body["Malika Rahimova"]
    assert malika[6:10] == ["80", "Present", "", "Present"]
    assert body["Somchai Vongsa"][6:8] == ["10", "Absent"]
    rows = _csv_rows(
        trainer_client.get(reverse("cohorts:export", args=[cohort.pk, "completions", "csv"]))
    )
    completed = {r[0]: r[-2] for r in rows[1:]}
    assert completed == {
        "Malika Rahimova": "yes",
        "Somchai Vongsa": "no",
        "Nodira Yusupova": "no",
        "'=cmd|' /C calc'!A0": "no",
    }


def test_xlsx_export_has_no_formulas(trainer_client, cohort):
    """Text is stored as text, exactly as typed (no quote), and never as a formula."""
    _setup(cohort)
    cf.member(cohort, full_name="+cmd|' /C calc'!A0", organisation="@SUM(1+1)")
    cf.live_session(
        cohort,
        title='=HYPERLINK("http://example.org","click")',
        starts_at=timezone.now() - timedelta(hours=3),
    )
    for kind in ("enrolments", "completions", "certificates", "attendance"):
        response = trainer_client.get(reverse("cohorts:export", args=[cohort.pk, kind, "xlsx"]))
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml and "<f " not in xml, kind
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert sheet.max_row == 6, kind
        assert all(cell.data_type != "f" for cell in cells), kind
        assert not any(str(cell.value or "").startswith("'") for cell in cells), kind
        names = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
        for name in ("=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0"):
            assert names[name].data_type == "s", (kind, name)
    header = next(sheet.iter_rows(max_row=1))  # attendance: a column per session
    title = next(c for c in header if "HYPERLINK" in str(c.value))
    assert str(title.value).startswith('=HYPERLINK("http://example.org","click") (')
    assert title.data_type == "s"


def test_xlsx_has_real_dates_a_frozen_header_a_filter_and_widths(trainer_client, trainer, course):
    rome = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Rome")
    long_organisation = "Ministry of Labour, Social Protection of the Population " * 3  # 171 < 200
    people = [
        cf.member(rome, full_name="Malika Rahimova", organisation=long_organisation),
        cf.member(rome, full_name="Li"),
    ]
    joined = datetime(2027, 1, 15, 23, 30, tzinfo=UTC)  # 00:30 on the 16th in Rome
    Membership.objects.filter(user=people[0]).update(joined_at=joined)
    response = trainer_client.get(reverse("cohorts:export", args=[rome.pk, "enrolments", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert "Joined (Europe/Rome)" in header and "Withdrawn on (Europe/Rome)" in header
    column = header.index("Joined (Europe/Rome)")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    cell = rows["Malika Rahimova"][column]
    assert cell.is_date
    assert cell.value == datetime(2027, 1, 16, 0, 30)  # wall-clock time in Rome, naive
    assert cell.number_format == "yyyy-mm-dd hh:mm"
    assert rows["Malika Rahimova"][header.index("Withdrawn on (Europe/Rome)")].value is None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}3"
    widths = {
        letter: sheet.column_dimensions[letter].width
        for letter in (get_column_letter(i) for i in range(1, len(header) + 1))
    }
    assert widths["A"] == len("Malika Rahimova") + 2
    organisation = get_column_letter(header.index("Organisation") + 1)
    assert widths[organisation] == 50  # capped
    assert widths[get_column_letter(column + 1)] >= len("Joined (Europe/Rome)")
    assert next(sheet.iter_rows(max_row=1))[0].font.bold


def test_csv_dates_are_in_the_cohorts_zone(trainer_client, trainer, course):
    rome = cf.cohort(course=course, trainer=trainer, time_zone="Europe/Rome")
    person = cf.member(rome, full_name="Malika Rahimova")
    Membership.objects.filter(user=person).update(
        joined_at=datetime(2027, 1, 15, 23, 30, tzinfo=UTC)
    )
    rows = _csv_rows(
        trainer_client.get(reverse("cohorts:export", args=[rome.pk, "enrolments", "csv"]))
    )
    column = rows[0].index("Joined (Europe/Rome)")
    assert rows[1][column] == "2027-01-16 00:30"


def test_csv_separator_is_chosen_stated_and_parsed(trainer_client, trainer, cohort):
    _setup(cohort)
    url = reverse("cohorts:export", args=[cohort.pk, "enrolments", "csv"])
    for sep, delimiter in (("semicolon", ";"), ("comma", ",")):
        response = trainer_client.get(url, {"sep": sep})
        assert response.status_code == 200
        assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert rows[0][:3] == ["Name", "E-mail", "Country"]
        assert len(rows) == 5 and all(len(row) == len(rows[0]) for row in rows)
        assert "'=cmd|' /C calc'!A0" in [row[0] for row in rows]  # still neutralised
    assert "semicolon" in response_filename(trainer_client.get(url, {"sep": "semicolon"}))
    page = trainer_client.get(reverse("cohorts:report", args=[cohort.pk])).content.decode()
    assert f"{url}?sep=semicolon" in page and "CSV (semicolon-separated)" in page
    assert f"{url}?sep=comma" in page and "CSV (comma-separated)" in page


def response_filename(response) -> str:
    return response["Content-Disposition"]


@pytest.mark.parametrize(
    ("language", "delimiter"),
    [
        ("en", ","),
        ("fr", ";"),
        ("es", ";"),
        ("ru", ";"),
        ("ar", ","),
        ("zh-hans", ","),
        ("lo", ","),
    ],
)
def test_the_default_separator_follows_the_interface_language(
    client, trainer, cohort, language, delimiter
):
    type(trainer).objects.filter(pk=trainer.pk).update(preferred_language=language)
    client.force_login(trainer)
    response = client.get(reverse("cohorts:export", args=[cohort.pk, "enrolments", "csv"]))
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert len(next(csv.reader([first_line], delimiter=delimiter))) == 11
    page = client.get(reverse("cohorts:report", args=[cohort.pk])).content.decode()
    first = "semicolon" if delimiter == ";" else "comma"
    assert page.index(f"?sep={first}") < page.index(
        "?sep=" + ("comma" if first == "semicolon" else "semicolon")
    )


@pytest.mark.parametrize("sep", ["tab", ";", "SEMICOLON", "semicolon\n", "x" * 300])
def test_an_unknown_separator_is_refused(trainer_client, cohort, sep):
    response = trainer_client.get(
        reverse("cohorts:export", args=[cohort.pk, "enrolments", "csv"]), {"sep": sep}
    )
    assert response.status_code == 400
    assert "Unknown separator" in response.content.decode()
    assert "Content-Disposition" not in response


def test_export_queries_stay_flat(trainer_client, cohort, django_assert_max_num_queries):
    _setup(cohort)
    url = reverse("cohorts:export", args=[cohort.pk, "attendance", "xlsx"])
    with django_assert_max_num_queries(12) as small:
        trainer_client.get(url)
    for _ in range(20):
        cf.member(cohort)
    with django_assert_max_num_queries(len(small.captured_queries)):
        trainer_client.get(url)


def test_unknown_export_is_404(trainer_client, cohort):
    assert (
        trainer_client.get(
            reverse("cohorts:export", args=[cohort.pk, "salaries", "csv"])
        ).status_code
        == 404
    )
    assert (
        trainer_client.get(
            reverse("cohorts:export", args=[cohort.pk, "enrolments", "pdf"])
        ).status_code
        == 404
    )


def test_summary_by_country_sex_and_organisation_type(trainer_client, cohort):
    _setup(cohort)
    response = trainer_client.get(reverse("cohorts:report", args=[cohort.pk]))
    summary = response.context["summary"]
    assert (summary["enrolled"], summary["completed"], summary["countries"]) == (4, 1, 3)
    by = {b.dimension: {r["label"]: r for r in b.rows} for b in summary["breakdowns"]}
    assert by["country"]["Tajikistan"]["enrolled"] == 2
    assert by["country"]["Tajikistan"]["completed"] == 1
    assert by["country"][str(countries.name("LA"))]["enrolled"] == 1
    assert by["sex"]["Female"]["enrolled"] == 2
    assert by["sex"]["Not given"]["enrolled"] == 1
    assert by["organisation_type"]["Ministry or government agency"]["enrolled"] == 2
    # Attended at least half (no threshold set) of 2 sessions: Malika only.
    assert summary["attended"] == 1
    assert sum(r["enrolled"] for r in by["country"].values()) == summary["enrolled"]
    body = response.content.decode()
    assert 'class="barchart"' in body
    assert "<caption>Breakdown: Country</caption>" in body
