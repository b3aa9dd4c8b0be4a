"""A partner reads aggregates only: every page and export they can reach is searched for the
learners' names and e-mails, and the pages that show people answer 404 or 403."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import UserFactory

from .conftest import partner_user

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        )
    return response.content.decode("utf-8-sig")


def _reachable(world) -> list[tuple[str, dict]]:
    pk = world["programme"].pk
    report = reverse("programmes:report", args=[pk])
    urls: list[tuple[str, dict]] = [
        ("/", {}),
        (reverse("dashboard"), {}),
        (reverse("programmes:list"), {}),
        (report, {}),
        (reverse("programmes:export", args=[pk, "xlsx"]), {}),
        (reverse("programmes:export", args=[pk, "csv"]), {"sep": "comma"}),
        (reverse("programmes:export", args=[pk, "csv"]), {"sep": "semicolon"}),
    ]
    # Every filter value the form offers, on the page and in both exports.
    for dimension in ("country", "region", "sex", "organisation_type", "year"):
        for value in ("TJ", "RW", "LA", "UZ", "female", "male", "ministry", "academia"):
            urls.append((report, {dimension: value}))
    for year in {c.start_date.year for c in world["cohorts"]}:
        urls.append((report, {"year": str(year)}))
        urls.append((reverse("programmes:export", args=[pk, "xlsx"]), {"year": str(year)}))
    return urls


def test_no_learner_name_or_email_reaches_a_partner(client, world):
    client.force_login(world["partner"])
    secrets = [p.full_name for p in world["people"]] + [p.email for p in world["people"]]
    secrets += ["Learnername", "hidden-learner-"]
    read = 0
    for url, query in _reachable(world):
        response = client.get(url, query)
        if response.status_code != 200:
            assert response.status_code == 400, (url, query, response.status_code)
            continue
        read += 1
        text = _text(response)
        leaked = [s for s in secrets if s in text]
        assert not leaked, (url, query, leaked[:3])
    assert read >= 10


def test_pages_with_people_are_closed_to_partners(client, world):
    client.force_login(world["partner"])
    cohort = world["cohorts"][0]
    learner = world["people"][0]
    assert client.get(reverse("programmes:detail", args=[world["programme"].pk])).status_code == 404
    for url in (
        reverse("cohorts:dashboard", args=[cohort.pk]),
        reverse("cohorts:report", args=[cohort.pk]),
        reverse("cohorts:export", args=[cohort.pk, "enrolments", "csv"]),
        reverse("cohorts:participant_remove", args=[cohort.pk, learner.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("cohorts:trainer_home")).status_code == 403
    assert client.get(reverse("certificates:manage")).status_code == 403
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("who", ["anonymous", "learner", "other_trainer", "other_partner"])
def test_outsiders_cannot_read_the_programme(client, world, who):
    people = {
        "learner": world["people"][0],
        "other_trainer": UserFactory(roles=["Trainer"]),
        "other_partner": partner_user(),
    }
    if who != "anonymous":
        client.force_login(people[who])
    pk = world["programme"].pk
    urls = [
        reverse("programmes:detail", args=[pk]),
        reverse("programmes:report", args=[pk]),
        reverse("programmes:export", args=[pk, "csv"]),
        reverse("programmes:export", args=[pk, "xlsx"]),
    ]
    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404, (who, url)
    listing = client.get(reverse("programmes:list"))
    expected = {"anonymous": 302, "learner": 403, "other_trainer": 200, "other_partner": 200}
    assert listing.status_code == expected[who]
    if listing.status_code == 200:
        assert world["programme"].name not in listing.content.decode()
