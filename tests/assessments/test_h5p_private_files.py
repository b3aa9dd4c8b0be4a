"""H5P files are private: stored outside public media, served only by checked, sandboxed views."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from assessments.h5p import store
from assessments.models import H5PPackage
from assessments.services import h5p_package_create, h5p_package_delete
from courses.models import LessonPage
from learning.storage import private_storage, storage_walk
from tests.factories import UserFactory, enrolled, h5p_entries, h5p_upload, zip_bytes
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = pytest.mark.django_db

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="pwned";'
    "fetch('/admin/users/')</script><circle r='4'/></svg>"
)
XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>document.cookie="x=1"'
    "</script></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def hostile(learner):
    """A package with an SVG and an XHTML file carrying script, placed in a lesson."""
    extra = {
        "content/images/evil.svg": SVG,
        "content/evil.xml": XHTML,
        "content/images/dot.png": PNG,
        "SOCLE.Test-1.0/evil.svg": SVG,
    }
    package = h5p_package_create(
        title="Hostile",
        upload=h5p_upload(zip_bytes(h5p_entries(extra=extra))),
        may_install_libraries=True,
    )
    course = make_course(modules=1, steps_per_module=1)
    lesson = LessonPage.objects.get(pk=first_lesson(course).pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": ""}},
    ]
    lesson.save_revision().publish()
    enrolled(learner, lesson)
    return package, f"/assessments/h5p/{package.uuid}/in/{lesson.pk}/"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_file_of_a_package_is_in_private_storage_and_none_in_public_media(hostile):
    package, _base = hostile
    content = store.content_prefix(package.uuid)
    assert private_storage.exists(package.source.name)
    assert private_storage.exists(f"{content}/content/images/evil.svg")
    assert private_storage.exists("h5p/libraries/SOCLE.Test-1.0/2/evil.svg")
    assert list(storage_walk(default_storage, "h5p")) == []
    with pytest.raises(ValueError):
        package.source.url  # noqa: B018 - private files have no URL to hand out


def test_the_admin_edit_page_links_to_no_file_of_the_package(client, administrator, hostile):
    package, _base = hostile
    client.force_login(administrator)
    response = client.get(f"/admin/snippets/assessments/h5ppackage/edit/{package.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="source"' in html
    assert package.source.name not in html and "/media/" not in html


@pytest.mark.parametrize("path", ["content/images/evil.svg", "content/evil.xml"])
def test_script_bearing_content_is_an_inert_attachment(learner_client, hostile, path):
    _package, base = hostile
    response = learner_client.get(f"{base}files/{path}")
    assert response.status_code == 200
    assert body(response).startswith(b"<")  # the file itself, for the player
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "allow-same-origin" not in csp and "allow-scripts" not in csp
    assert "default-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_media_the_player_shows_is_inline_but_still_sandboxed(learner_client, hostile):
    _package, base = hostile
    png = learner_client.get(f"{base}files/content/images/dot.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png["Content-Disposition"].startswith("inline")
    assert "sandbox" in png["Content-Security-Policy"]
    data = learner_client.get(f"{base}files/h5p.json")
    assert data["Content-Type"] == "application/json"
    assert json.loads(body(data))["mainLibrary"] == "SOCLE.Test"


def test_a_library_svg_is_sandboxed_and_an_attachment(learner_client, hostile):
    response = learner_client.get("/assessments/h5p/libraries/SOCLE.Test-1.0/evil.svg")
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")
    js = learner_client.get("/assessments/h5p/libraries/SOCLE.Test-1.0/test.js")
    assert js.status_code == 200 and js["Content-Type"].startswith("text/javascript")


def test_outsiders_get_no_private_file(client, hostile):
    _package, base = hostile
    urls = [
        f"{base}files/content/images/evil.svg",
        f"{base}files/h5p.json",
        "/assessments/h5p/libraries/SOCLE.Test-1.0/test.js",
    ]
    for url in urls:  # anonymous: refused, not redirected to a sign-in page
        assert client.get(url).status_code == 403, url
    stranger = Client()
    stranger.force_login(UserFactory())  # signed in, not enrolled in the lesson's course
    assert stranger.get(urls[0]).status_code == 403
    assert stranger.get(urls[1]).status_code == 403


def test_the_player_is_the_one_documented_exception_and_frames_no_url(learner_client, hostile):
    _package, base = hostile
    csp = learner_client.get(base)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part.strip())
    assert directives["frame-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"


def test_with_the_accel_setting_the_proxy_sends_the_file_after_the_checks(
    learner_client, hostile, settings
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    package, base = hostile
    response = learner_client.get(f"{base}files/content/images/evil.svg")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/_private/h5p/content/{package.uuid}/content/images/evil.svg"
    )
    assert response.content == b""
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")
    assert learner_client.get(f"{base}files/content/missing.png").status_code == 404
    denied = Client().get(f"{base}files/content/images/evil.svg")
    assert denied.status_code == 403 and "X-Accel-Redirect" not in denied


def test_deleting_a_package_removes_its_private_files(hostile, django_capture_on_commit_callbacks):
    package, _base = hostile
    content, source = store.content_prefix(package.uuid), package.source.name
    with django_capture_on_commit_callbacks(execute=True):
        h5p_package_delete(package=package)
    assert list(storage_walk(private_storage, content)) == []
    assert not private_storage.exists(source)
    assert private_storage.exists("h5p/libraries/SOCLE.Test-1.0/2/test.js")  # shared


def test_files_an_older_release_left_in_public_media_are_moved_once(hostile):
    package, _base = hostile
    # What an older release wrote: the same names in public media, libraries without patch.
    old = {
        package.source.name: b"archive",
        f"h5p/content/{package.uuid}/content/old.json": b"{}",
        "h5p/libraries/SOCLE.Test-1.0/old.js": b"/* old */",
        "h5p/libraries/Gone-1.0/x.js": b"/* no such library */",
    }
    private_storage.delete(package.source.name)
    for name, data in old.items():
        default_storage.save(name, ContentFile(data))
    call_command(
        "media_make_private", "--dry-run", stdout=(out := io.StringIO()), stderr=io.StringIO()
    )
    assert "would move 3 file(s)" in out.getvalue() and default_storage.exists(package.source.name)
    call_command("media_make_private", stdout=(out := io.StringIO()), stderr=(err := io.StringIO()))
    assert "moved 3 file(s)" in out.getvalue() and "Gone-1.0" in err.getvalue()
    assert list(storage_walk(default_storage, "h5p")) == ["h5p/libraries/Gone-1.0/x.js"]
    with private_storage.open(package.source.name) as handle:
        assert handle.read() == b"archive"
    with private_storage.open("h5p/libraries/SOCLE.Test-1.0/2/old.js") as handle:
        assert handle.read() == b"/* old */"
    assert private_storage.exists(f"h5p/content/{package.uuid}/content/old.json")
    # Run again: nothing left to move, nothing changed.
    call_command("media_make_private", stdout=(out := io.StringIO()), stderr=io.StringIO())
    assert "moved 0 file(s)" in out.getvalue()
    assert H5PPackage.objects.get().source.name == package.source.name


def test_a_library_file_costs_one_query_beyond_the_session(
    learner_client, hostile, django_assert_max_num_queries
):
    url = "/assessments/h5p/libraries/SOCLE.Test-1.0/test.js"
    with django_assert_max_num_queries(3):  # session, user, the installed patch
        assert learner_client.get(url).status_code == 200
