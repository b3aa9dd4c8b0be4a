"""Phones and screens (issue 18): the header's menu works without JavaScript, the library
keeps the site's layout, the favicon is served, and a lesson's video fetches nothing from its
host until the learner asks for it, by mouse or keyboard."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.services import enrollment_create
from learning.demo import home_page_ensure
from tests.factories import UserFactory, case_library
from tests.factories import course_factories as cf

pytestmark = pytest.mark.browser

VIDEO_URL = "https://www.youtube.com/watch?v=socle-demo"
PLAYER = (
    '<iframe src="https://www.youtube-nocookie.com/embed/socle-demo" title="Demo video"'
    ' width="480" height="270"></iframe>'
)


@pytest.fixture
def site(live_url):
    home_page_ensure()
    return live_url


def test_phone_menu_opens_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/")
    sign_in = page.get_by_role("link", name="Sign in")
    assert not sign_in.is_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 100
    page.get_by_text("Menu", exact=True).click()
    assert sign_in.is_visible()
    assert page.get_by_label("Language").is_visible()
    context.close()


def test_desktop_shows_the_menu_as_a_row(page, site):
    page.goto(f"{site}/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()


def test_library_keeps_the_site_header_full_width(page, site):
    library = case_library(home_page_ensure())
    page.goto(f"{site}{library.url}")
    body = page.evaluate("() => getComputedStyle(document.body).display")
    header = page.locator(".site-header").bounding_box()
    assert body != "grid"
    assert header["width"] == 1280 and header["height"] <= 100
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('form.library')).display")
        == "grid"
    )


def test_favicon_is_served(page, site):
    response = page.goto(f"{site}/favicon.ico")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.request.redirected_from is not None


def test_video_loads_nothing_until_asked_and_plays_by_keyboard(page, site):
    course = cf.course(title="Coverage", modules=1, steps_per_module=1)
    lesson = cf.first_lesson(course).specific
    lesson.body = [
        ("video", {"video": VIDEO_URL, "title": "Why coverage matters", "transcript": "<p>Hi</p>"})
    ]
    lesson.save_revision().publish()
    Embed.objects.create(
        url=VIDEO_URL, hash=get_embed_hash(VIDEO_URL, None, None), type="video", html=PLAYER
    )
    learner = UserFactory(roles=["Learner"])
    enrollment_create(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    local = urlsplit(site).netloc
    elsewhere = []

    def refuse_elsewhere(route):
        if urlsplit(route.request.url).netloc != local:
            elsewhere.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", refuse_elsewhere)
    page.goto(f"{site}{lesson.url}")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == lesson.title
    assert page.locator("iframe").count() == 0
    assert elsewhere == []

    play = page.get_by_role("button", name="Play the video (uses data)")
    play.focus()
    page.keyboard.press("Enter")
    frame = page.locator("iframe[title='Demo video']")
    frame.wait_for(state="attached")
    assert page.evaluate("() => document.activeElement.tagName") == "IFRAME"
    page.wait_for_timeout(300)
    assert any("youtube-nocookie.com/embed/socle-demo" in url for url in elsewhere), elsewhere
