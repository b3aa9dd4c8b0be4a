"""A learner works the demo's PAYG exercise in chromium: with JavaScript the reserve table
moves with the sliders, without it the form posts and shows new results; the graded task
passes; two saved scenarios show side by side."""

import pytest

from courses.models import LessonPage
from courses.services import enrollment_create
from labs.lesson_demo import PAYG, block_id
from tests.factories import UserFactory
from tests.factories import course_factories as cf

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-9"
EXERCISE = block_id("payg")
CHANGED = "([before]) => document.querySelector('[data-lab-table=reserve]').innerText !== before"


@pytest.fixture
def lesson(live_url):
    learner = UserFactory(email="malika@example.org", roles=["Learner"])
    course = cf.course(title="Financing social protection", modules=1, steps_per_module=1)
    lesson = LessonPage.objects.get(pk=cf.first_lesson(course).pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "model_exercise", "id": EXERCISE, "value": PAYG},
    ]
    lesson.save_revision().publish()
    enrollment_create(user=learner, course=course)
    return lesson


def sign_in(page, live_url):
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email:").fill("malika@example.org")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def reserve_table(page) -> str:
    return page.locator('[data-lab-table="reserve"]').inner_text()


def test_sliders_move_the_reserve_in_place(page, live_url, lesson, axe_check):
    sign_in(page, live_url)
    page.goto(f"{live_url}{lesson.url}")
    before = reserve_table(page)
    slider = page.get_by_role("slider", name="Contribution rate")
    assert slider.is_visible()  # the script shows the sliders
    url_before = page.url
    slider.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(CHANGED, arg=[before])
    assert page.url == url_before  # updated in place, no navigation
    number = page.locator(f"#lab-{EXERCISE}-contribution_rate")
    assert float(number.input_value()) > 6
    assert "Results with your assumptions" in page.locator("[data-lab-results]").inner_text()
    # The retirement age slider too.
    before = reserve_table(page)
    page.get_by_role("slider", name="Retirement age").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(CHANGED, arg=[before])
    assert axe_check(page) == []


def test_without_javascript_the_form_shows_new_results(browser, live_url, lesson):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_url)
        page.goto(f"{live_url}{lesson.url}")
        assert not page.get_by_role("slider", name="Contribution rate").is_visible()
        before = reserve_table(page)
        page.locator(f"#lab-{EXERCISE}-contribution_rate").fill("10")
        page.get_by_role("button", name="Run the model").click()
        page.get_by_text("Results with your assumptions").wait_for()
        assert reserve_table(page) != before
        assert page.locator(f"#lab-{EXERCISE}-contribution_rate").input_value() == "10"
        page.get_by_role("link", name="Back to the lesson").wait_for()
    finally:
        context.close()


def test_pass_the_task_and_compare_two_scenarios(page, live_url, lesson, axe_check):
    sign_in(page, live_url)
    page.goto(f"{live_url}{lesson.url}")
    number = page.locator(f"#lab-{EXERCISE}-contribution_rate")
    number.fill("8")
    page.get_by_label("Scenario name").fill("Eight per cent")
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text("Scenario “Eight per cent” saved.").wait_for()

    page.get_by_role("button", name="Check my answer").click()
    page.get_by_text("below 0 in 2049").wait_for()

    page.locator(f"#lab-{EXERCISE}-contribution_rate").fill("10")
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_text("Well done").wait_for()
    page.get_by_text("You have completed this lesson.").wait_for()

    page.get_by_label("Scenario name").fill("Ten per cent")
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text("Scenario “Ten per cent” saved.").wait_for()
    page.get_by_label("Eight per cent").check()
    page.get_by_label("Ten per cent").check()
    page.get_by_role("button", name="Compare the ticked scenarios").click()
    page.get_by_role("heading", name="Your scenarios side by side").wait_for()
    header = page.locator("[data-lab-compare] thead").inner_text()
    assert "Eight per cent" in header and "Ten per cent" in header
    assert page.locator(".lab__chart svg").count() >= 2
    assert axe_check(page) == []
