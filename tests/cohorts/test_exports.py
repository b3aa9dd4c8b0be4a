"""Exports for funders: the numbers match the rows, formulas are neutralised, the summary
breaks down by country, sex and organisation type, with a chart."""

import csv
import io

from django.urls import reverse
from django.utils import timezone
from django_countries import countries
from openpyxl import load_workbook

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
    s1 = cf.live_session(cohort, title="Webinar 1")
    s2 = cf.live_session(cohort, title="Webinar 2")
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
    _setup(cohort)
    for kind in ("enrolments", "completions", "certificates", "attendance"):
        response = trainer_client.get(reverse("cohorts:export", args=[cohort.pk, kind, "xlsx"]))
        assert response.status_code == 200
        wb = load_workbook(io.BytesIO(response.content))
        sheet = wb.active
        values = [cell for row in sheet.iter_rows() for cell in row]
        assert sheet.max_row == 5, kind
        assert all(cell.data_type != "f" for cell in values), kind
        assert all(not str(cell.value or "").startswith("=") for cell in values), kind
    names = [
        row[0].value
        for row in load_workbook(
            io.BytesIO(
                trainer_client.get(
                    reverse("cohorts:export", args=[cohort.pk, "enrolments", "xlsx"])
                ).content
            )
        ).active.iter_rows(min_row=2)
    ]
    assert "'=cmd|' /C calc'!A0" in names
    # A session title typed as a formula reaches the header row: neutralised there too.
    cf.live_session(cohort, title='=HYPERLINK("http://example.org")')
    sheet = load_workbook(
        io.BytesIO(
            trainer_client.get(
                reverse("cohorts:export", args=[cohort.pk, "attendance", "xlsx"])
            ).content
        )
    ).active
    header = [cell for cell in next(sheet.iter_rows(max_row=1))]
    assert all(cell.data_type != "f" for cell in header)
    assert any(str(cell.value).startswith("'=HYPERLINK") for cell in header)


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
