"""A learner makes a course available offline, studies it with the network cut, and finds
everything recorded once on the server when the connection returns (offline app)."""

import time

import pytest

from assessments.h5p.build import SAMPLE_CONTENT
from assessments.models import H5PResult, H5PStatement
from courses.models import LessonPage, Reflection, StepProgress
from offline.models import ReplayedAction
from tests.factories import UserFactory, enrolled, h5p_package
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-9"
ANSWER = "Recommendation No. 202 (2012)"


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
    learner = UserFactory(email="amina@example.org", roles=["Learner"])
    course = make_course(title="Social insurance basics", modules=1, steps_per_module=2)
    first, second = lessons(course)
    package = h5p_package(title="Floors", content=SAMPLE_CONTENT)
    first.body = [
        *first.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": "", "required": False}},
    ]
    first.save_revision().publish()
    enrolled(learner, first)
    return learner, course, LessonPage.objects.get(pk=first.pk), second, live_url


def sign_in(page, live_url, email):
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def download(page, live_url, course, axe_check=None):
    page.goto(f"{live_url}{course.url}")
    wait_for(lambda: page.evaluate("() => !!navigator.serviceWorker.controller"))
    size = page.locator("[data-offline-size]")
    button = page.get_by_role("button", name="Make this course available offline")
    wait_for(lambda: button.is_enabled())
    assert "Download size:" in size.inner_text() and "MB" in size.inner_text()
    button.click()
    page.wait_for_selector("[data-offline-state='saved']")
    assert "available offline" in page.locator("[data-offline-message]").inner_text()
    if axe_check:
        assert axe_check(page) == []


def test_a_course_studied_offline_is_recorded_once_when_back_online(page, setup, axe_check):
    learner, course, first, second, live_url = setup
    sign_in(page, live_url, learner.email)
    download(page, live_url, course, axe_check)
    page.context.set_offline(True)

    # A lesson, marked done, and its reflection.
    page.goto(f"{live_url}{second.url}")
    assert page.get_by_role("heading", level=1).inner_text() == second.title
    status = page.locator("#offline-status[role='status']")
    assert "You are offline" in status.inner_text()
    page.get_by_role("textbox", name="Which institution in your country").fill(
        "The social security fund, written offline."
    )
    page.get_by_role("button", name="Save my reflection").click()
    page.get_by_role("button", name="Mark as complete and continue").click()
    assert "Saved on this device" in status.inner_text()
    assert axe_check(page) == []

    # Another lesson, with its H5P activity played offline.
    page.goto(f"{live_url}{first.url}")
    frame = page.frame_locator("iframe[data-h5p-frame]").frame_locator("iframe.h5p-iframe")
    frame.get_by_label(ANSWER).check()
    frame.get_by_role("button", name="Check").click()

    # A page that was not downloaded: the friendly offline page.
    page.goto(f"{live_url}/accounts/profile/")
    assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
    # It lists the courses on this device, which open without a connection.
    page.wait_for_selector("[data-offline-ready]")
    assert course.title in page.locator("[data-offline-list]").inner_text()
    assert axe_check(page) == []

    page.goto(f"{live_url}{second.url}")
    queued = wait_for(
        lambda: (
            (items := page.evaluate("window.socleOfflineQueue.mine()"))
            and {i["type"] for i in items} >= {"reflection", "step_complete", "xapi"}
            and items
        )
    )
    assert not Reflection.objects.filter(user=learner).exists()
    assert not H5PStatement.objects.filter(user=learner).exists()

    page.context.set_offline(False)
    page.goto(f"{live_url}/dashboard/")
    wait_for(lambda: H5PResult.objects.filter(user=learner).exists())
    wait_for(lambda: not page.evaluate("window.socleOfflineQueue.mine()"))
    assert Reflection.objects.get(user=learner, lesson=second).answer.endswith("offline.")
    assert StepProgress.objects.get(user=learner, step_id=second.pk).completed_at
    assert H5PResult.objects.filter(user=learner).count() == 1
    recorded = ReplayedAction.objects.filter(user=learner).count()
    assert recorded == len(queued)

    # The same queue replayed again records nothing twice.
    answers = page.evaluate(
        """async (items) => {
          const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
          const response = await fetch('/offline/sync/', {
            method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
            body: JSON.stringify({items: items.map(({user, ...rest}) => rest)})});
          return (await response.json()).results.map(r => r.status);
        }""",
        queued,
    )
    assert set(answers) == {"duplicate"}
    assert ReplayedAction.objects.filter(user=learner).count() == recorded
    assert H5PResult.objects.filter(user=learner).count() == 1

    # The dashboard lists the course kept on this device.
    page.wait_for_selector("[data-offline-ready]")
    listed = page.locator("[data-offline-list] li")
    assert listed.count() == 1 and course.title in listed.inner_text()
    assert axe_check(page) == []


def test_an_offline_course_is_updated_when_a_lesson_changes(page, setup):
    learner, course, _first, second, live_url = setup
    sign_in(page, live_url, learner.email)
    download(page, live_url, course)

    second.body = [*second.body.raw_data, {"type": "heading", "value": "A section added later"}]
    second.save_revision().publish()
    page.evaluate("document.documentElement.removeAttribute('data-offline-refreshed')")
    page.goto(f"{live_url}/dashboard/")
    page.wait_for_selector("html[data-offline-refreshed]")

    page.context.set_offline(True)
    page.goto(f"{live_url}{second.url}")
    assert page.get_by_role("heading", name="A section added later").is_visible()

    # Removing the course from the dashboard leaves its lessons to the offline page.
    page.context.set_offline(False)
    page.goto(f"{live_url}/dashboard/")
    page.get_by_role("button", name=f"Remove from this device: {course.title}").click()
    wait_for(lambda: page.locator("[data-offline-list] li").count() == 0)
    page.context.set_offline(True)
    page.goto(f"{live_url}{second.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
