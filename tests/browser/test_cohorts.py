"""A trainer imports participants from a CSV, schedules a live session, marks attendance and
downloads the attendance export; axe-core finds no serious or critical violation."""

import csv
import io
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from learning.demo import home_page_ensure
from tests.factories import cohort_factories, course_factories

pytestmark = pytest.mark.browser

PARTICIPANTS = (
    "name,email,country,organisation,organisation_type,sex\n"
    "Malika Rahimova,malika@example.org,TJ,Agency of Social Protection,social_security,female\n"
    "Claudine Uwimana,claudine@example.org,Rwanda,RSSB,social_security,female\n"
    "Broken Row,not-an-email,TJ,,,\n"
)


def login(page, site, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )


def test_trainer_imports_schedules_marks_attendance_and_exports(page, live_url, trainer, axe_check):
    course = course_factories.course(
        title="Governance of social security",
        index=course_factories.catalogue(home_page_ensure()),
    )
    cohort = cohort_factories.cohort(course=course, trainer=trainer, time_zone="Europe/Rome")
    login(page, live_url, trainer)

    page.goto(f"{live_url}/cohorts/")
    page.get_by_role("link", name=cohort.name).click()
    page.get_by_role("link", name="Participants", exact=True).click()
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        files=[
            {"name": "participants.csv", "mimeType": "text/csv", "buffer": PARTICIPANTS.encode()}
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    plan = page.locator("table.import-plan")
    assert "Nothing has been saved yet." in page.content()
    assert plan.locator("tr.import-plan__row--new").count() == 2
    assert "not a valid e-mail address" in plan.locator("tr.import-plan__row--error").inner_text()
    assert axe_check(page) == []
    page.get_by_role("button", name="Import 2 participants and send the invitations").click()
    assert "2 new accounts added and invited." in page.content()

    page.get_by_role("link", name="New live session", exact=True).click()
    page.get_by_label("Title").fill("Webinar 1: Convention 102 in practice")
    # Held two days ago: only sessions that have ended count in the attendance export.
    held = (timezone.now() - timedelta(days=2)).astimezone(ZoneInfo("Europe/Rome"))
    page.get_by_label("Start").fill(held.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Join link").fill("https://meet.jit.si/socle-webinar-1")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert axe_check(page) == []

    page.get_by_role("link", name="Attendance").first.click()
    page.get_by_label("Malika Rahimova", exact=True).select_option("present")
    page.get_by_label("Minutes, Claudine Uwimana").fill("20")
    page.get_by_role("button", name="Save attendance").click()
    assert "Attendance has been saved." in page.content()
    assert axe_check(page) == []

    page.get_by_role("link", name="Report and exports", exact=True).click()
    with page.expect_download() as download_info:
        page.locator("li", has_text="Attendance").get_by_role(
            "link", name="CSV (comma-separated)"
        ).click()
    path = download_info.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    body = {row[0]: row for row in rows[1:]}
    assert body["Malika Rahimova"][-2:] == ["1", "1"]
    assert body["Claudine Uwimana"][6:8] == ["20", "Absent"]
    assert axe_check(page) == []
