"""Certificate PDFs are private files; every page carries the site's Content-Security-Policy."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from learning.storage import private_storage, storage_walk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    return Certificate.objects.get()


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";"))


def test_the_pdf_is_written_to_private_storage_only(issued):
    assert issued.pdf.name.startswith("certificates/")
    assert private_storage.exists(issued.pdf.name)
    assert list(storage_walk(default_storage, "certificates")) == []
    with pytest.raises(ValueError):
        issued.pdf.url  # noqa: B018 - no public URL exists for it


def test_the_download_streams_it_to_its_learner_only(client, issued, learner):
    client.force_login(learner)
    response = client.get(issued.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    with private_storage.open(issued.pdf.name) as handle:
        assert b"".join(response.streaming_content) == handle.read()
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(issued.get_download_url()).status_code == 404


def test_with_the_accel_setting_the_proxy_sends_the_pdf_after_the_check(
    client, issued, learner, settings
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private"
    client.force_login(learner)
    response = client.get(issued.get_download_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{issued.pdf.name}"
    assert response["Content-Type"] == "application/pdf" and response.content == b""
    stranger = Client()
    stranger.force_login(UserFactory())
    denied = stranger.get(issued.get_download_url())
    assert denied.status_code == 404 and "X-Accel-Redirect" not in denied


def test_a_pdf_an_older_release_left_in_public_media_is_moved(issued):
    name = issued.pdf.name
    with private_storage.open(name) as handle:
        data = handle.read()
    private_storage.delete(name)
    default_storage.save(name, ContentFile(data))
    call_command("media_make_private", stdout=(out := io.StringIO()), stderr=io.StringIO())
    assert "moved 1 file(s)" in out.getvalue()
    assert not default_storage.exists(name)
    with private_storage.open(name) as handle:
        assert handle.read() == data


def test_every_page_has_the_site_policy_without_inline_script(client, issued):
    response = client.get(reverse("certificates:verify", kwargs={"code": issued.code}), follow=True)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("style-src-attr")[0]
    assert "default-src 'self'" in client.get("/accounts/login/")["Content-Security-Policy"]


def test_the_wagtail_admin_is_left_out_of_the_site_policy(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
