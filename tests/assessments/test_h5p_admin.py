"""Uploading H5P packages in the Wagtail admin: refusals name their reason; nothing is written."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.h5p import store
from assessments.models import H5PLibrary, H5PPackage
from learning.storage import private_storage, storage_walk
from tests.factories import h5p_bytes, h5p_entries, zip_bytes

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/assessments/h5ppackage/add/"


def upload(client, data, title="Floors"):
    return client.post(ADD, {"title": title, "source": SimpleUploadedFile("x.h5p", data)})


def nothing_written():
    files = [*storage_walk(private_storage, "h5p"), *storage_walk(default_storage, "h5p")]
    return files == [] and not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()


def test_an_administrator_adds_a_package(client, administrator):
    client.force_login(administrator)
    response = upload(client, h5p_bytes())
    assert response.status_code == 302
    package = H5PPackage.objects.get()
    assert package.title == "Floors" and package.uploaded_by == administrator
    assert private_storage.exists(f"{store.content_prefix(package.uuid)}/content/content.json")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (zip_bytes(h5p_entries(extra={"../../evil.js": "x"})), "climbs out of the package"),
        (zip_bytes(h5p_entries(extra={"content/x.php": "x"})), "file type not allowed in content"),
        (b"not a zip", "not a zip file"),
    ],
)
def test_a_refused_upload_shows_its_reason_next_to_the_field(client, administrator, data, reason):
    client.force_login(administrator)
    response = upload(client, data)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert nothing_written()


def test_an_editor_may_not_bring_new_library_code(client, editor):
    client.force_login(editor)
    response = upload(client, h5p_bytes())
    assert response.status_code == 200
    assert "ask an administrator" in response.content.decode()
    assert nothing_written()


def test_a_learner_cannot_reach_the_upload(client, learner):
    client.force_login(learner)
    assert upload(client, h5p_bytes()).status_code == 302
    assert nothing_written()
