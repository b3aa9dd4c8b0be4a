"""Budgets for slow links and small screens (issue 18), over the demo data.

- On an emulated slow link (400 kbit/s, 400 ms round trip), cold cache, every learner page
  type is usable (DOMContentLoaded) in under 2 s, and a lesson sends under 30 KB. The browser
  goes through a proxy that compresses like production's nginx (tests/browser/gzip_proxy.py).
  The figures are printed per page type.
- axe-core finds no violation at all (any impact) on any learner page type, in three layouts:
  desktop, a 390 px phone, and right to left (Arabic); no page scrolls sideways; on the phone
  the header takes at most 100 px; no request of a page fails (the favicon included).
"""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from assessments.models import QuizPage
from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from certificates.models import Certificate
from cohorts.models import Cohort
from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.services import enrollment_create
from learning.models import User
from tests.browser.conftest import AXE
from tests.browser.gzip_proxy import proxy_for

pytestmark = pytest.mark.browser

SLOW_LINK = {
    "offline": False,
    "latency": 400,  # ms, added to every request's round trip
    "downloadThroughput": 400_000 / 8,  # bytes per second: 400 kbit/s
    "uploadThroughput": 400_000 / 8,
}
USABLE_MS = 2000
LESSON_BYTES = 30_000
HEADER_PX = 100
LAYOUTS = {
    "desktop": {"width": 1280, "height": 900, "language": "en"},
    "phone": {"width": 390, "height": 844, "language": "en"},
    "right-to-left": {"width": 1280, "height": 900, "language": "ar"},
}


@pytest.fixture
def demo(live_url):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    learner = User.objects.get(email="learner@socle.example")
    quiz = QuizPage.objects.live().first()
    course = CoursePage.objects.ancestor_of(quiz).get()
    enrollment_create(user=learner, course=course)
    certificate = Certificate.objects.filter(revoked_at__isnull=True).first()
    pages = {
        "home": "/",
        "catalogue": CourseIndexPage.objects.live().first().url,
        "course outline": course.url,
        "lesson": LessonPage.objects.live().descendant_of(course).first().url,
        "quiz": quiz.url,
        "case-study library": CaseStudyIndexPage.objects.live().first().url,
        "case study": CaseStudyPage.objects.live().first().url,
        "dashboard": "/dashboard/",
        "certificate verify": certificate.get_absolute_url(),
    }
    return learner, pages


@pytest.fixture
def front(live_url):
    server = proxy_for(live_url)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def session_cookie(site, user, language="en"):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": site},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site},
    ]


def load_on_slow_link(browser, site, cookies, path):
    """One cold load: (DOMContentLoaded in ms, bytes on the wire, failed requests)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    wire = {}
    cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], e))
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site + path, wait_until="load")
    ready = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.domContentLoadedEventEnd - n.startTime; }"
    )
    page.wait_for_timeout(200)  # late requests (the icon) are counted too
    sent = sum(e["encodedDataLength"] for e in wire.values())
    context.close()
    return ready, sent, failed


def test_learner_pages_are_usable_in_2_s_on_a_slow_link(browser, demo, front):
    learner, pages = demo
    cookies = session_cookie(front, learner)
    measured = {}
    for kind, path in pages.items():
        measured[kind] = load_on_slow_link(browser, front, cookies, path)

    print("\nSlow link (400 kbit/s, 400 ms RTT), cold cache, 390 px phone:")
    for kind, (ready, sent, _failed) in measured.items():
        print(f"  {kind:20} DOMContentLoaded {ready:6.0f} ms   sent {sent / 1000:5.1f} KB")
    assert {k: f for k, (_r, _s, f) in measured.items() if f} == {}
    slow = {k: round(r) for k, (r, _s, _f) in measured.items() if r >= USABLE_MS}
    assert slow == {}, f"over {USABLE_MS} ms: {slow}"
    assert measured["lesson"][1] < LESSON_BYTES, measured["lesson"]


def axe_all(page) -> list[dict]:
    """Every axe-core violation, whatever its impact (conftest's axe_check keeps the serious)."""
    page.evaluate("() => {\n" + AXE.read_text() + "\n}")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


LAYOUT_FACTS = """() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    header: document.querySelector('.site-header').getBoundingClientRect().height,
    dir: document.documentElement.dir,
})"""


def walk(browser, site, cookies, layout, pages):
    """Problems of each page in one layout: axe violations, sideways scroll, a tall header."""
    context = browser.new_context(viewport={"width": layout["width"], "height": layout["height"]})
    context.add_cookies(cookies)
    page = context.new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    problems = {}
    for kind, path in pages.items():
        response = page.goto(site + path)
        assert response.status == 200, (kind, path, response.status)
        facts = page.evaluate(LAYOUT_FACTS)
        found = []
        if facts["scroll"] > facts["viewport"]:
            found.append(f"scrolls sideways to {facts['scroll']} px")
        if layout["width"] < 500 and facts["header"] > HEADER_PX:
            found.append(f"header {facts['header']:.0f} px")
        if facts["dir"] != ("rtl" if layout["language"] == "ar" else "ltr"):
            found.append(f"dir={facts['dir']}")
        found += axe_all(page)
        if found:
            problems[kind] = found
    page.wait_for_timeout(200)
    context.close()
    if failed:
        problems["failed requests"] = failed
    return problems


def test_learner_pages_pass_axe_and_fit_in_three_layouts(browser, demo, live_url):
    learner, pages = demo
    problems = {}
    for name, layout in LAYOUTS.items():
        cookies = session_cookie(live_url, learner, layout["language"])
        found = walk(browser, live_url, cookies, layout, pages)
        problems.update({f"{name}: {kind}": v for kind, v in found.items()})
    assert problems == {}


def test_trainer_dashboard_does_not_scroll_sideways(browser, demo, live_url):
    cohort = Cohort.objects.filter(trainers__isnull=False).first()
    cookies = session_cookie(live_url, cohort.trainers.first())
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 844})
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(f"{live_url}/cohorts/{cohort.pk}/")
        facts = page.evaluate(LAYOUT_FACTS)
        context.close()
        assert facts["scroll"] <= facts["viewport"] == width, (width, facts)
        if width == 390:
            assert facts["header"] <= HEADER_PX, facts
