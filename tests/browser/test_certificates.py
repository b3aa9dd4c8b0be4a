"""A learner finishes a course, the certificate appears on the dashboard, and its
verification page opens from the link; axe-core finds no serious or critical violation."""

import pytest
from django.conf import settings
from django.test import Client

from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from learning.demo import home_page_ensure
from tests.factories import CourseCertificateSettingsFactory, course_factories

pytestmark = pytest.mark.browser


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


def test_learner_finishes_course_then_opens_certificate_verification(
    page, live_url, learner, axe_check
):
    course = course_factories.course(
        title="Digital transformation of social security",
        modules=1,
        steps_per_module=2,
        index=course_factories.catalogue(home_page_ensure()),
    )
    CourseCertificateSettingsFactory(course=course)
    enrollment_create(user=learner, course=course)
    first, last = course_steps(course)
    step_complete(user=learner, step=first)

    login(page, live_url, learner)
    page.goto(f"{live_url}{last.url}")
    page.get_by_role("button", name="Mark as complete and continue").click()
    page.wait_for_load_state()

    page.goto(f"{live_url}/dashboard/")
    panel = page.locator(".certificates-panel")
    assert panel.get_by_role("heading", name="Digital transformation of social security").count()
    assert panel.get_by_role("link", name="Download PDF").count() == 1
    panel.get_by_role("link", name="Verification page").click()
    page.wait_for_url("**/certificates/verify/**")

    status = page.locator("#certificate-status")
    assert "Valid" in status.inner_text()
    assert learner.full_name in page.content()
    assert axe_check(page) == []
