"""A learner takes a native quiz and plays Socle's own H5P package in chromium, offline."""

import re
import time

import pytest

from assessments.h5p.build import SAMPLE_CONTENT
from assessments.models import Attempt, H5PResult, H5PState
from courses.models import LessonPage, ModulePage
from tests.factories import UserFactory, enrolled, h5p_package, quiz_page
from tests.factories.assessments import q_calculated, q_numeric, q_single
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-9"


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def setup(live_url):
    learner = UserFactory(email="malika@example.org", roles=["Learner"])
    course = make_course(modules=1, steps_per_module=1)
    module = ModulePage.objects.child_of(course).get()
    quiz = quiz_page(
        module=module,
        questions=[
            q_single(
                "Which financing method pays current pensions from current contributions?",
                [("Full funding", False, ""), ("Pay-as-you-go", True, "")],
            ),
            q_numeric("The PAYG cost rate, in %?", "18.2", tolerance="0.1", unit="%"),
        ],
    )
    enrolled(learner, quiz)

    # Plain text is stored HTML-escaped (as H5P core does); the player shows it decoded.
    package = h5p_package(
        title="Social protection floors", content={**SAMPLE_CONTENT, "question": QUESTION}
    )
    lesson = LessonPage(
        title="Interactive practice",
        body=[{"type": "h5p", "value": {"package": package.pk, "title": ""}}],
    )
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    return learner, quiz, LessonPage.objects.get(pk=lesson.pk), live_url


QUESTION = "Which ILO instrument sets out a state's floors & <basic> guarantees?"


def sign_in(page, live_url, email):
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def test_a_learner_takes_a_quiz_and_plays_h5p_and_both_results_are_kept(page, setup, axe_check):
    learner, quiz, lesson, live_url = setup
    offline = []
    page.on(
        "request",
        lambda r: (
            offline.append(r.url)
            if not r.url.startswith(live_url)
            and not r.url.startswith("data:")
            and not r.url.startswith("about:")
            and not r.url.startswith("blob:")
            else None
        ),
    )
    sign_in(page, live_url, learner.email)

    page.goto(f"{live_url}{quiz.url}")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/assessments/attempts/**")
    assert axe_check(page) == []
    page.get_by_label("Pay-as-you-go").check()
    page.get_by_label("Your answer (%)").fill("18,25 %")
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_url("**/result/")
    assert "Score: 100 %" in page.locator(".quiz__score").inner_text()
    attempt = Attempt.objects.get(user=learner)
    assert attempt.score == 100 and attempt.passed

    page.goto(f"{live_url}{lesson.url}")
    # Socle's player frame holds h5p-standalone's own content frame.
    frame = page.frame_locator("iframe[data-h5p-frame]").frame_locator("iframe.h5p-iframe")
    assert frame.locator("legend").inner_text() == QUESTION
    frame.get_by_label("Recommendation No. 202 (2012)").check()
    frame.get_by_role("button", name="Check").click()
    result = wait_for(lambda: H5PResult.objects.filter(user=learner).first())
    assert (result.score_raw, result.score_max, result.success, result.self_reported) == (
        1,
        1,
        True,
        True,
    )
    wait_for(lambda: H5PState.objects.filter(user=learner).exists())

    page.reload()
    assert "Your latest result: 1 of 1" in page.locator(".h5p-activity__result").inner_text()
    # the player's saved state comes back: the answer is still checked
    frame = page.frame_locator("iframe[data-h5p-frame]").frame_locator("iframe.h5p-iframe")
    assert frame.get_by_label("Recommendation No. 202 (2012)").is_checked()
    assert offline == []


def test_a_learner_answers_a_calculated_question_with_their_own_numbers(live_url, page):
    learner = UserFactory(email="amara@example.org", roles=["Learner"])
    quiz = quiz_page(
        questions=[
            q_calculated(
                "A dependency ratio of {ratio} % and a replacement rate of {rate} %: the PAYG "
                "cost rate?",
                [("ratio", 10, 60, 1), ("rate", 20, 70, 0)],
                "ratio * rate / 100",
                tolerance="0.01",
                unit="%",
            )
        ],
    )
    enrolled(learner, quiz)
    sign_in(page, live_url, learner.email)
    page.goto(f"{live_url}{quiz.url}")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/assessments/attempts/**")

    attempt = Attempt.objects.get(user=learner)
    values = next(iter(attempt.layout["q"].values()))["values"]
    prompt = page.locator(".question__prompt").inner_text()
    assert f"{values['ratio']} %" in prompt and f"{values['rate']} %" in prompt
    # The learner computes from what the page shows, and types it with a decimal comma.
    shown = re.search(r"ratio of ([\d.]+) % and a replacement rate of (\d+) %", prompt)
    answer = float(shown.group(1)) * float(shown.group(2)) / 100
    page.get_by_label("Your answer (%)").fill(f"{answer:.2f}".replace(".", ","))
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_url("**/result/")
    assert "Score: 100 %" in page.locator(".quiz__score").inner_text()
    assert f"{values['ratio']} %" in page.locator(".question__prompt").inner_text()
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed


def test_a_quiz_submitted_without_a_connection_says_so_and_loses_nothing(page, setup):
    """The connection drops during an attempt: the submit says the quiz needs a connection,
    the answers stay on the page, and the same page submits them once it is back."""
    learner, quiz, _lesson, live_url = setup
    sign_in(page, live_url, learner.email)
    page.goto(f"{live_url}{quiz.url}")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/assessments/attempts/**")
    attempt_url = page.url
    # The worker may activate and claim its clients before this page's load has made it one
    # (a busy machine); a page loaded after activation is always controlled.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    wait_for(lambda: page.evaluate("() => !!navigator.serviceWorker.controller"))
    page.get_by_label("Pay-as-you-go").check()
    page.get_by_label("Your answer (%)").fill("18.2")

    page.context.set_offline(True)
    page.get_by_role("button", name="Submit for grading").click()
    note = page.locator("[data-offline-note]")
    wait_for(lambda: note.count() and "needs a connection" in note.inner_text())
    assert page.url == attempt_url
    assert page.get_by_label("Pay-as-you-go").is_checked()
    assert page.get_by_label("Your answer (%)").input_value() == "18.2"
    attempt = Attempt.objects.get(user=learner)
    assert attempt.state == "in_progress"

    page.context.set_offline(False)
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed
