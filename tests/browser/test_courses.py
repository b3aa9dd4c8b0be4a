"""A learner enrols, reads two lessons and resumes from the dashboard; axe checks the pages."""

import pytest

from tests.factories import UserFactory
from tests.factories import course_factories as cf

pytestmark = pytest.mark.browser


@pytest.fixture
def course(live_url):
    return cf.course(title="Governance of social security", modules=2, steps_per_module=2)


@pytest.fixture
def signed_in(page, live_url):
    learner = UserFactory(roles=["Learner"], email="malika@example.org")
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email:").fill(learner.email)
    page.get_by_label("Password:").fill("correct-horse-battery-9")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    return page


def test_enroll_read_two_lessons_and_resume_from_the_dashboard(signed_in, live_url, course):
    page = signed_in
    page.goto(f"{live_url}{course.url}")
    page.get_by_role("button", name="Enrol in this course").click()
    page.get_by_text("You are enrolled").wait_for()
    page.get_by_role("link", name="Continue where you left off").click()
    assert page.locator("h1").inner_text() == "Lesson 1.1"
    page.get_by_role("button", name="Mark as complete and continue").click()
    assert page.locator("h1").inner_text() == "Lesson 1.2"
    page.get_by_role("button", name="Mark as complete and continue").click()
    assert page.locator("h1").inner_text() == "Lesson 2.1"

    page.goto(f"{live_url}/dashboard/")
    assert "2 of 4 required steps (50%)" in page.content()
    page.get_by_role("link", name="Continue: Lesson 2.1").click()
    assert page.locator("h1").inner_text() == "Lesson 2.1"


def test_catalogue_outline_and_lesson_have_no_serious_violations(
    signed_in, live_url, course, axe_check
):
    page = signed_in
    page.goto(f"{live_url}{course.get_parent().url}")
    assert axe_check(page) == []
    page.goto(f"{live_url}{course.url}")
    page.get_by_role("button", name="Enrol in this course").click()
    assert axe_check(page) == []
    page.goto(f"{live_url}{cf.first_lesson(course).url}")
    assert axe_check(page) == []
