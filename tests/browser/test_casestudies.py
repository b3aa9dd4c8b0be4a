"""A learner narrows the case-study library to Asia and digital transformation and opens a
case; axe-core finds no serious or critical violation on the library and a case page."""

import pytest
from django.conf import settings
from django.test import Client

from learning.demo import home_page_ensure
from tests.factories import case_library, case_study

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_url):
    library = case_library(home_page_ensure())
    case_study(
        library,
        title="Lao PDR: digital social-security administration",
        summary="Registration and payments move from paper to digital records.",
        countries=["LA"],
        themes=["digital-transformation"],
        types=["social-insurance"],
        year_start=2021,
        year_end=None,
        key_figures=[
            {
                "label": "People without income security",
                "value": "87.9",
                "unit": "%",
                "year": 2020,
                "source": "ILO",
            },
        ],
        sources=[{"title": "ILO country page", "url": "https://www.social-protection.org/"}],
    )
    case_study(
        library,
        title="China: pension coverage expansion",
        countries=["CN"],
        themes=["coverage-extension"],
        year_start=2009,
    )
    case_study(
        library,
        title="Morocco: unified social registry",
        countries=["MA"],
        themes=["digital-transformation"],
        year_start=2020,
    )
    return live_url


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


def test_learner_narrows_to_asia_and_digital_transformation(page, site, learner, axe_check):
    login(page, site, learner)
    page.goto(f"{site}/")
    page.get_by_role("link", name="Case studies").first.click()
    page.wait_for_url("**/case-studies/")
    assert page.get_by_role("heading", name="3 case studies").count() == 1
    assert axe_check(page) == []

    page.get_by_label("Asia and the Pacific").check()
    page.get_by_label("Digital transformation").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**region=asia-pacific**")
    assert "theme=digital-transformation" in page.url
    assert page.get_by_role("heading", name="1 case study").count() == 1
    assert page.get_by_role("link", name="China: pension coverage expansion").count() == 0
    assert axe_check(page) == []

    page.get_by_role("link", name="Lao PDR: digital social-security administration").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Lao PDR: digital social-security administration"
    )
    assert page.get_by_role("heading", name="How to cite this case study").count() == 1
    assert axe_check(page) == []
