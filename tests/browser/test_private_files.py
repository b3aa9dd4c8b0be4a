"""Script inside an uploaded H5P package never runs in the site's origin, whatever URL opens it;
private files are refused to anonymous visitors; certificate PDFs have no /media/ URL.

The package carries an SVG and an XHTML file whose script would log a marker, set a cookie,
rename the page and read /admin/users/ with the administrator's session.
"""

import pytest
from django.conf import settings
from django.test import Client

from assessments.services import h5p_package_create
from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import LessonPage
from learning.demo import home_page_ensure
from tests.factories import (
    CourseCertificateSettingsFactory,
    course_factories,
    h5p_entries,
    h5p_upload,
    zip_bytes,
)
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = pytest.mark.browser

MARKER = "SOCLE-SCRIPT-RAN"
PAYLOAD = (
    f"console.log('{MARKER}');document.title='{MARKER}';"
    f"document.cookie='{MARKER}=1; path=/';"
    "fetch('/admin/users/').then(function(r){return r.text()})"
    f".then(function(t){{console.log('{MARKER} admin '+t.length)}});"
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    f"<script>{PAYLOAD}</script><circle r='4'/></svg>"
)
XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>'
    f"<body><script>{PAYLOAD}</script></body></html>"
)


def login(context, site, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )


@pytest.fixture
def hostile(live_url, administrator):
    extra = {
        "content/images/evil.svg": SVG,
        "content/evil.xml": XHTML,
        "SOCLE.Test-1.0/evil.svg": SVG,
    }
    package = h5p_package_create(
        title="Hostile",
        upload=h5p_upload(zip_bytes(h5p_entries(extra=extra))),
        user=administrator,
        may_install_libraries=True,
    )
    lesson = LessonPage.objects.get(pk=first_lesson(make_course(modules=1)).pk)
    lesson.body = [{"type": "h5p", "value": {"package": package.pk, "title": ""}}]
    lesson.save_revision().publish()
    base = f"{live_url}/assessments/h5p/{package.uuid}/in/{lesson.pk}/"
    return package, [
        f"{base}files/content/images/evil.svg",
        f"{base}files/content/evil.xml",
        f"{live_url}/assessments/h5p/libraries/SOCLE.Test-1.0/evil.svg",
        # Where older releases put the same files, and the archive itself.
        f"{live_url}/media/h5p/content/{package.uuid}/content/images/evil.svg",
        f"{live_url}/media/{package.source.name}",
    ]


def open_everywhere(page, urls) -> list[str]:
    """Navigate to each URL, then frame it and show it as an image inside a page of the site."""
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    for url in urls:
        try:
            page.goto(url)
        except Exception as error:  # noqa: BLE001 - an attachment aborts the navigation
            assert "Download is starting" in str(error) or "ERR_ABORTED" in str(error), error
    site = urls[0].split("/assessments/")[0]
    page.goto(f"{site}/accounts/profile/")
    for url in urls:
        page.evaluate(
            """url => {
                const frame = document.createElement('iframe'); frame.src = url;
                const image = document.createElement('img'); image.src = url;
                document.body.append(frame, image);
            }""",
            url,
        )
    page.wait_for_timeout(1500)  # let any script that could run have run
    return console


def test_package_script_never_runs_in_the_sites_origin(browser, live_url, administrator, hostile):
    _package, urls = hostile
    context = browser.new_context(accept_downloads=True)
    login(context, live_url, administrator)
    page = context.new_page()
    # The administrator can fetch every one of these files (the check passes)...
    statuses = [context.request.get(url).status for url in urls]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [404, 404]  # nothing private under /media/
    # ...yet opening them in any way runs none of their script as the site.
    console = open_everywhere(page, urls)
    assert not [line for line in console if MARKER in line], console
    assert MARKER not in page.title()
    assert not [c for c in context.cookies() if c["name"] == MARKER]
    # The detector works: the same script, in a document of its own, does log the marker.
    control = context.new_page()
    seen: list[str] = []
    control.on("console", lambda message: seen.append(message.text))
    control.set_content(f"<html><body><script>{PAYLOAD}</script></body></html>")
    control.wait_for_timeout(500)
    assert MARKER in seen
    context.close()


def test_anonymous_visitors_get_no_private_file(browser, hostile):
    _package, urls = hostile
    context = browser.new_context()
    assert [context.request.get(url).status for url in urls[:3]] == [403, 403, 403]
    context.close()


def test_a_certificate_pdf_has_no_media_url(browser, live_url, learner):
    course = course_factories.course(
        modules=1, steps_per_module=1, index=course_factories.catalogue(home_page_ensure())
    )
    CourseCertificateSettingsFactory(course=course)
    certificate_issue(user=learner, course=course, enforce_rules=False)
    certificate = Certificate.objects.get()
    assert certificate.pdf_ready
    context = browser.new_context()
    login(context, live_url, learner)
    download = context.request.get(f"{live_url}{certificate.get_download_url()}")
    assert download.status == 200 and download.body().startswith(b"%PDF")
    for url in (f"/media/{certificate.pdf.name}", f"/media/private/{certificate.pdf.name}"):
        response = context.request.get(f"{live_url}{url}")
        assert response.status == 404 and not response.body().startswith(b"%PDF"), url
    anonymous = browser.new_context()
    response = anonymous.request.get(f"{live_url}{certificate.get_download_url()}")
    assert response.url.startswith(f"{live_url}/accounts/login/")
    assert not response.body().startswith(b"%PDF")
    anonymous.close()
    context.close()
