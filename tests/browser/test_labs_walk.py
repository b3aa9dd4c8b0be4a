"""The actuarial course of the demo, walked by a new learner in chromium, with and without
JavaScript: enrol, pass the population task, change the retirement age and the
contribution rate and watch the reserve fund move, pass the reserve task, save two
scenarios and see them side by side, pass the costing task, and answer a calculated
question with the numbers drawn for this attempt (issue 19, "done when")."""

import os
import re

import pytest
from django.core.management import call_command

from assessments.models import QuizPage
from courses.models import CoursePage, LessonPage
from labs.lesson_demo import block_id
from labs.selectors import exercise_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-9"
EMAIL = "dilnoza@example.org"
COURSE = "actuarial-planning-and-financing-of-social-protection"
RESERVE = '[data-lab-table="reserve"]'
CHANGED = f"([before]) => document.querySelector('{RESERVE}').innerText !== before"


@pytest.fixture
def demo(live_url):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    UserFactory(email=EMAIL, roles=["Learner"])
    course = CoursePage.objects.get(slug=COURSE, locale__language_code="en")
    lessons = {p.slug: p for p in LessonPage.objects.live().descendant_of(course)}
    return course, lessons, QuizPage.objects.live().descendant_of(course).get()


def answer_of(lesson, name, values):
    """What the learner reads off the results once the task's values are set: the model run
    on the server, as the lesson shows it."""
    exercise = exercise_in(lesson, block_id(name))
    return exercise.run(values).value(exercise.output, exercise.year)


def sign_in(page, live_url):
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email:").fill(EMAIL)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def field(page, name, param):
    return page.locator(f"#lab-{block_id(name)}-{param}")


def run_model(page, js, before):
    """Without JavaScript the form posts; with it the results follow the inputs in place."""
    if js:
        page.wait_for_function(CHANGED, arg=[before])
    else:
        page.get_by_role("button", name="Run the model").click()
        page.get_by_text("Results with your assumptions").wait_for()


def answer_task(page, lesson, name, values, decimals):
    for param, value in values.items():
        field(page, name, param).fill(str(value))
    answer = answer_of(lesson, name, values)
    page.locator(f"#lab-{block_id(name)}-answer").fill(f"{answer:.{decimals}f}")
    page.get_by_role("button", name="Check my answer").click()
    verdict(page, "Right: the model gives")
    page.get_by_text("You have completed this lesson.").wait_for()


def verdict(page, expected):
    shown = page.locator("[data-lab-verdict], .errorlist").first
    shown.wait_for()
    assert expected in shown.inner_text()


def mark_complete(page, live_url, lesson):
    page.goto(f"{live_url}{lesson.url}")
    page.get_by_role("button", name="Mark as complete and continue").click()
    page.wait_for_load_state()


def reserve_fund_lesson(page, live_url, lesson, js):
    page.goto(f"{live_url}{lesson.url}")
    table = page.locator(RESERVE)
    start = table.inner_text()
    if js:
        # The sliders move the reserve in place, without leaving the lesson.
        before = start
        page.get_by_role("slider", name="Retirement age").focus()
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        run_model(page, js, before)
        before = table.inner_text()
        page.get_by_role("slider", name="Contribution rate").focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        run_model(page, js, before)
        assert page.url.endswith(lesson.url)
    else:
        field(page, "payg", "retirement_age").fill("62")
        field(page, "payg", "contribution_rate").fill("8")
        run_model(page, js, start)
    moved = page.locator(RESERVE).inner_text()
    assert moved != start
    # The first scenario: what the learner sees now.
    field(page, "payg", "contribution_rate").fill("8")
    field(page, "payg", "retirement_age").fill("60")
    page.get_by_label("Scenario name").fill("Eight per cent")
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text("Scenario “Eight per cent” saved.").wait_for()
    page.get_by_role("button", name="Check my answer").click()
    verdict(page, "below 0 in 2049")
    # Ten per cent keeps the reserve positive until 2060.
    field(page, "payg", "contribution_rate").fill("10")
    page.get_by_role("button", name="Check my answer").click()
    verdict(page, "Well done")
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


def calculated_question(page, live_url, quiz):
    page.goto(f"{live_url}{quiz.url}")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/assessments/attempts/**")
    question = page.locator(".question", has_text="system dependency ratio is")
    prompt = question.locator(".question__prompt").inner_text()
    shown = re.search(r"ratio is ([\d.]+) % and its average replacement rate (\d+) %", prompt)
    answer = float(shown.group(1)) * float(shown.group(2)) / 100
    question.get_by_label("Your answer (%)").fill(f"{answer:.2f}")
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_url("**/result/")
    graded = page.locator(".question", has_text="system dependency ratio is")
    assert "Correct." in graded.locator(".question__verdict").inner_text()


@pytest.mark.parametrize("js", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_learner_walks_the_actuarial_course_of_the_demo(browser, live_url, demo, js):
    course, lessons, quiz = demo
    context = browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, live_url)
        page.goto(f"{live_url}{course.url}")
        page.get_by_role("button", name="Enrol in this course").click()
        page.wait_for_load_state()

        population = lessons["dependency-ratios"]
        page.goto(f"{live_url}{population.url}")
        answer_task(page, population, "population", {"tfr_target": 1.5}, 2)
        mark_complete(page, live_url, lessons["payg-cost-rate"])
        mark_complete(page, live_url, lessons["general-average-premium"])

        reserve_fund_lesson(page, live_url, lessons["financing-systems-and-reserve-ratio"], js)

        mark_complete(page, live_url, lessons["replacement-rates"])
        costing = lessons["social-budgets-and-fiscal-space"]
        page.goto(f"{live_url}{costing.url}")
        answer_task(page, costing, "social-pension", {"benefit": 30}, 3)
        mark_complete(page, live_url, lessons["financing-shock-responsive-social-protection"])

        calculated_question(page, live_url, quiz)
    finally:
        context.close()
