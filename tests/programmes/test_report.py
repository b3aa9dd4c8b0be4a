"""The programme report as partners and staff read it: figures, filters, exports, refusals."""

import csv
import io

import pytest
from django.urls import reverse
from django_countries import countries
from openpyxl import load_workbook

from programmes.models import Programme

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_partner_reads_the_report(client, world):
    client.force_login(world["partner"])
    response = client.get(reverse("programmes:report", args=[world["programme"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<title" in html and "<desc" in html
    report = response.context["report"]
    assert report.total.people == 19 and report.total.enrolments == 19
    sex = next(b for b in report.breakdowns if b.dimension == "sex")
    assert {g.key: g.people for g in sex.groups} == {"female": 9, "male": 10}
    year = next(b for b in report.breakdowns if b.dimension == "year")
    assert [g.people for g in year.groups] == [6, 13]


def test_small_groups_and_their_complement_are_suppressed(client, world):
    client.force_login(world["partner"])
    response = client.get(reverse("programmes:report", args=[world["programme"].pk]))
    country = next(b for b in response.context["report"].breakdowns if b.dimension == "country")
    shown = {g.key: g.suppressed for g in country.groups}
    # TJ 11, RW 5, LA 2, UZ 1: LA and UZ are 3 people together, so RW goes too.
    assert shown == {"TJ": False, "RW": True, "LA": True, "UZ": True}


def test_filters_narrow_the_figures(client, world):
    client.force_login(world["partner"])
    url = reverse("programmes:report", args=[world["programme"].pk])
    response = client.get(url, {"country": "TJ"})
    assert response.status_code == 200
    assert response.context["report"].total.people == 11
    response = client.get(url, {"country": "RW", "sex": "male"})
    assert response.context["report"].too_small is False
    response = client.get(url, {"country": "UZ"})
    assert response.context["report"].too_small is True
    assert "Fewer than five people" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"country": "ZZ"}, {"year": "1900"}, {"sex": "<script>"}, {"region": "atlantis"}],
)
def test_unknown_filter_values_are_refused(client, world, query):
    client.force_login(world["partner"])
    pk = world["programme"].pk
    response = client.get(reverse("programmes:report", args=[pk]), query)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "report" not in response.context or response.context.get("report") is None
    export = client.get(reverse("programmes:export", args=[pk, "csv"]), query)
    assert export.status_code == 400


def test_csv_export_suppresses_like_the_page(client, world):
    client.force_login(world["partner"])
    url = reverse("programmes:export", args=[world["programme"].pk, "csv"])
    response = client.get(url, {"sep": "comma"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][:3] == ["Breakdown", "Group", "People"]
    by_group = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert by_group[("Total", "All participants")][0] == "19"
    assert by_group[("Country", str(countries.name("LA")))][0] == "suppressed"
    assert by_group[("Country", "Tajikistan")][0] == "11"
    assert client.get(url, {"sep": "tab"}).status_code == 400


def test_xlsx_export(client, world):
    client.force_login(world["partner"])
    url = reverse("programmes:export", args=[world["programme"].pk, "xlsx"])
    response = client.get(url, {"country": "TJ"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:3] == ["Total", "All participants", 11]
    assert (
        client.get(reverse("programmes:export", args=[world["programme"].pk, "pdf"])).status_code
        == 404
    )


def test_staff_page_lists_cohorts_with_totals(client, world):
    client.force_login(world["trainer"])
    response = client.get(reverse("programmes:detail", args=[world["programme"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Autumn cohort" in html and "Spring cohort" in html
    lines = {line.cohort.name: line.figures.enrolments for line in response.context["lines"]}
    assert lines == {"Autumn cohort": 13, "Spring cohort": 6}


def test_programme_list(client, world):
    other = Programme.objects.create(name="Someone else's programme")
    client.force_login(world["partner"])
    html = client.get(reverse("programmes:list")).content.decode()
    assert "Leadership programme" in html and other.name not in html
    # The partner's name links to the report, not to the staff page.
    assert f'href="{reverse("programmes:detail", args=[world["programme"].pk])}"' not in html
