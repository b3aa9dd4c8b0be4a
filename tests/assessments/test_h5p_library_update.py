"""Installing H5P libraries: an update of a shared library asks first, and is audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.h5p import store
from assessments.models import H5PLibrary, H5PPackage
from assessments.services import LibraryUpdateUnconfirmed, h5p_package_create
from courses.models import LessonPage
from learning.models import AuditEvent
from learning.storage import private_storage
from tests.factories import h5p_entries, h5p_upload, zip_bytes
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/assessments/h5ppackage/add/"
JS = "SOCLE.Test-1.0/test.js"


def package_bytes(patch, js="/* v */", title="Hand-made"):
    entries = h5p_entries(patch=patch, library_js=js)
    entries["h5p.json"] = entries["h5p.json"].replace('"Hand-made"', f'"{title}"')
    return zip_bytes(entries)


def upload(client, data, title="New", confirm=False):
    form = {"title": title, "source": SimpleUploadedFile("x.h5p", data)}
    if confirm:
        form["confirm_library_update"] = "on"
    return client.post(ADD, form)


def installed_js() -> str:
    patch = H5PLibrary.objects.get(machine_name="SOCLE.Test").patch_version
    with private_storage.open(f"{store.library_prefix('SOCLE.Test-1.0', patch)}/test.js") as f:
        return f.read().decode()


def installs():
    return AuditEvent.objects.filter(action="h5p.library_install").order_by("pk")


@pytest.fixture
def placed(django_capture_on_commit_callbacks):
    """Patch 2 installed, used by a package that a lesson places."""
    package = h5p_package_create(
        title="Floors quiz", upload=h5p_upload(package_bytes(2)), may_install_libraries=True
    )
    lesson = LessonPage.objects.get(pk=first_lesson(make_course(modules=1)).pk)
    lesson.title = "Lesson on floors"
    lesson.body = [*lesson.body.raw_data, {"type": "h5p", "value": {"package": package.pk}}]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    return package, lesson


def test_an_update_asks_first_naming_the_packages_and_lessons_that_change(
    client, administrator, placed
):
    package, lesson = placed
    client.force_login(administrator)
    before = installs().count()
    response = upload(client, package_bytes(5, js="/* five */"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "SOCLE.Test 1.0 will be updated from patch 2 to 5" in page
    assert "Packages that will change: Floors quiz." in page
    assert "Lessons that will change: Lesson on floors." in page
    # nothing changed yet
    assert H5PLibrary.objects.get().patch_version == 2
    assert installed_js() == "/* v */"
    assert list(H5PPackage.objects.all()) == [package]
    assert installs().count() == before

    response = upload(client, package_bytes(5, js="/* five */"), confirm=True)
    assert response.status_code == 302
    assert H5PLibrary.objects.get().patch_version == 5
    assert installed_js() == "/* five */"
    assert H5PPackage.objects.count() == 2
    event = installs().last()
    assert event.actor == administrator
    assert event.target_id == str(H5PLibrary.objects.get().pk)
    assert event.detail["from_patch"] == 2 and event.detail["to_patch"] == 5
    assert event.detail["packages_changed"] == [str(package.uuid)]
    assert event.detail["pages_changed"] == [lesson.pk]


def test_the_service_refuses_an_unconfirmed_update_and_writes_nothing(placed):
    with pytest.raises(LibraryUpdateUnconfirmed) as exc:
        h5p_package_create(upload=h5p_upload(package_bytes(3)), may_install_libraries=True)
    assert [c.kind for c in exc.value.changes] == ["update"]
    assert H5PPackage.objects.count() == 1 and installed_js() == "/* v */"


def test_the_same_version_with_other_files_warns_and_keeps_the_installed_files(
    client, administrator, placed
):
    client.force_login(administrator)
    before = installs().count()
    response = upload(client, package_bytes(2, js="/* tampered */"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "SOCLE.Test 1.0 patch 2 is already installed with different files (test.js)" in page
    assert installed_js() == "/* v */"
    assert H5PPackage.objects.count() == 2
    assert installs().count() == before  # nothing installed


def test_the_same_files_again_install_nothing_and_warn_nothing(client, administrator, placed):
    client.force_login(administrator)
    response = upload(client, package_bytes(2))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "already installed with different files" not in page
    assert installs().count() == 1  # the fixture's first install only


def test_a_first_install_is_audited(client, administrator):
    client.force_login(administrator)
    response = upload(client, package_bytes(2))
    assert response.status_code == 302
    event = installs().get()
    assert event.actor == administrator
    assert event.detail["library"] == "SOCLE.Test-1.0"
    assert event.detail["from_patch"] is None and event.detail["to_patch"] == 2
    assert event.detail["package"] == str(H5PPackage.objects.get().uuid)


def test_an_editor_cannot_update_a_library_even_when_confirming(client, editor, placed):
    client.force_login(editor)
    response = upload(client, package_bytes(5, js="/* five */"), confirm=True)
    assert response.status_code == 200
    assert "ask an administrator" in response.content.decode()
    assert H5PLibrary.objects.get().patch_version == 2 and installed_js() == "/* v */"
    assert H5PPackage.objects.count() == 1
    assert installs().count() == 1


def test_an_editor_may_add_content_for_an_installed_library(client, editor, placed):
    client.force_login(editor)
    assert upload(client, package_bytes(2)).status_code == 302
    assert H5PPackage.objects.count() == 2 and installs().count() == 1


def test_anonymous_is_sent_to_the_login_and_nothing_is_written(client):
    response = upload(client, package_bytes(2), confirm=True)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not H5PLibrary.objects.exists() and not installs().exists()


def test_a_learner_cannot_install_and_nothing_is_written(client, learner):
    client.force_login(learner)
    response = upload(client, package_bytes(2), confirm=True)
    assert response.status_code == 302
    assert not H5PLibrary.objects.exists() and not installs().exists()
    assert not H5PPackage.objects.exists()


def test_the_confirmation_box_is_on_the_upload_form_only(client, administrator, placed):
    package, _lesson = placed
    client.force_login(administrator)
    assert 'name="confirm_library_update"' in client.get(ADD).content.decode()
    edit = f"/admin/snippets/assessments/h5ppackage/edit/{package.pk}/"
    response = client.get(edit)
    assert response.status_code == 200
    assert 'name="confirm_library_update"' not in response.content.decode()
    assert client.post(edit, {"title": "Renamed"}).status_code == 302
    package.refresh_from_db()
    assert package.title == "Renamed"
