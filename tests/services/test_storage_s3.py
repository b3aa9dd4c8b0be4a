"""Object storage (issue 13): with S3 for public media and private files, H5P plays and
certificates are rendered by a real worker and downloaded, with no disk shared between them;
private objects are not readable at their bucket URL."""

import json
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import LessonPage
from learning.storage import private_storage
from tests.certificates.conftest import build_course, pdf_text
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    UserFactory,
    enrolled,
    h5p_package,
)
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def keys(s3, bucket: str) -> list[str]:
    listing = s3.client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_an_h5p_package_is_stored_in_the_private_bucket_and_played_from_it(s3):
    learner = UserFactory()
    package = h5p_package(title="Floors on S3")
    course = make_course(modules=1, steps_per_module=1)
    lesson = LessonPage.objects.get(pk=first_lesson(course).pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": ""}},
    ]
    lesson.save_revision().publish()
    enrolled(learner, lesson)

    private = keys(s3, s3.env["S3_PRIVATE_BUCKET"])
    assert f"private/h5p/packages/{package.uuid}.h5p" in private
    assert f"private/h5p/content/{package.uuid}/content/content.json" in private
    assert "private/h5p/libraries/SOCLE.KnowledgeCheck-1.0/4/knowledge-check.js" in private
    assert keys(s3, s3.env["S3_BUCKET"]) == []  # nothing private in the public bucket

    client = Client()
    client.force_login(learner)
    base = f"/assessments/h5p/{package.uuid}/in/{lesson.pk}/"
    assert client.get(base).status_code == 200
    h5p_json = client.get(f"{base}files/h5p.json")
    assert h5p_json.status_code == 200
    assert json.loads(body(h5p_json))["mainLibrary"] == "SOCLE.KnowledgeCheck"
    assert client.get(f"{base}files/content/content.json").status_code == 200
    js = client.get("/assessments/h5p/libraries/SOCLE.KnowledgeCheck-1.0/knowledge-check.js")
    assert js.status_code == 200 and b"H5P" in body(js)
    assert "sandbox" in js["Content-Security-Policy"]

    # At the bucket's own address, without a signature, nothing private can be read.
    bucket_url = f"{s3.endpoint}/{s3.env['S3_PRIVATE_BUCKET']}"
    for key in private:
        assert anonymous_status(f"{bucket_url}/{key}") == 403, key


def test_public_media_is_readable_at_its_url_and_private_files_have_none(s3):
    name = default_storage.save("images/logo.txt", ContentFile(b"public"))
    assert anonymous_status(default_storage.url(name)) == 200
    secret = private_storage.save("exports/report.csv", ContentFile(b"secret"))
    # A URL of a private object is signed and short-lived; unsigned, the same key is refused.
    signed = private_storage.url(secret)
    assert "Signature=" in signed or "X-Amz-Signature=" in signed
    assert anonymous_status(signed.split("?", 1)[0]) == 403


def test_a_worker_renders_the_certificate_to_s3_and_the_learner_downloads_it(
    s3, home_page, celery_workers
):
    """The worker is another process given only the S3 settings: no disk is shared."""
    worker = celery_workers(env=s3.env)
    course = build_course(home_page, title="Financing social protection")
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory(), hours=8)
    learner = UserFactory(full_name="Amina Diallo")
    certificate = certificate_issue(user=learner, course=course, enforce_rules=False)
    done = worker.wait_for(
        lambda: Certificate.objects.filter(pk=certificate.pk, rendered_revision=1).first(),
        timeout=120,
        what="the certificate rendered by the worker",
    )
    key = f"private/{done.pdf.name}"
    assert key in keys(s3, s3.env["S3_PRIVATE_BUCKET"])
    assert keys(s3, s3.env["S3_BUCKET"]) == []

    client = Client()
    client.force_login(learner)
    response = client.get(done.get_download_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Amina Diallo" in pdf_text(body(response))
    assert anonymous_status(f"{s3.endpoint}/{s3.env['S3_PRIVATE_BUCKET']}/{key}") == 403
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(done.get_download_url()).status_code == 404
