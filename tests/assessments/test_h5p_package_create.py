"""Adding H5P packages: validation before anything is written, and the shared library store."""

import io
import json
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from assessments.h5p import store
from assessments.models import H5PLibrary, H5PPackage
from assessments.services import h5p_package_create
from learning.storage import private_storage, storage_walk
from tests.factories import UserFactory, h5p_bytes, h5p_entries, h5p_upload, zip_bytes

pytestmark = pytest.mark.django_db


def files_on_disk() -> list[str]:
    """Every stored H5P file, in private storage and (it must stay empty) public media."""

    return sorted([*storage_walk(private_storage, "h5p"), *storage_walk(default_storage, "h5p")])


def library_files(key: str) -> list[str]:
    return sorted(storage_walk(private_storage, f"h5p/libraries/{key}"))


def read(name: str) -> str:
    with private_storage.open(name, "rb") as handle:
        return handle.read().decode()


def refused(data: bytes, reason: str, **kwargs):
    with pytest.raises(ValidationError) as exc:
        h5p_package_create(
            title="Hostile", upload=h5p_upload(data), may_install_libraries=True, **kwargs
        )
    message = " ".join(exc.value.messages)
    assert reason in message, message
    assert files_on_disk() == []
    assert H5PPackage.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    return message


def symlink_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in h5p_entries().items():
            zf.writestr(name, data)
        link = zipfile.ZipInfo("content/passwd.json")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def test_a_valid_package_is_unpacked_into_content_and_the_library_store():
    package = h5p_package_create(title="", upload=h5p_upload(), may_install_libraries=True)
    assert package.title == "Knowledge check"  # from h5p.json
    assert package.main_library.key == "SOCLE.KnowledgeCheck-1.0"
    content = store.content_prefix(package.uuid)
    assert private_storage.exists(f"{content}/h5p.json")
    assert private_storage.exists(f"{content}/content/content.json")
    # the library store holds one folder per installed patch (1.0.3 here)
    assert "h5p/libraries/SOCLE.KnowledgeCheck-1.0/4/knowledge-check.js" in library_files(
        "SOCLE.KnowledgeCheck-1.0"
    )
    # libraries are not copied into the package's folder; nothing is in public media
    assert not any("SOCLE.Knowledge" in name for name in storage_walk(private_storage, content))
    assert package.source.name == f"h5p/packages/{package.uuid}.h5p"
    assert private_storage.exists(package.source.name)
    assert not [name for name in files_on_disk() if not name.startswith("h5p/")]
    assert list(package.libraries.values_list("machine_name", flat=True)) == [
        "SOCLE.KnowledgeCheck"
    ]


def test_two_packages_share_one_library_folder():
    first = h5p_package_create(title="A", upload=h5p_upload(), may_install_libraries=True)
    second = h5p_package_create(title="B", upload=h5p_upload(), may_install_libraries=True)
    assert first.main_library_id == second.main_library_id
    assert H5PLibrary.objects.count() == 1
    assert private_storage.listdir("h5p/libraries")[0] == ["SOCLE.KnowledgeCheck-1.0"]


def test_the_newest_patch_wins_and_an_older_one_is_not_copied(django_capture_on_commit_callbacks):
    h5p_package_create(
        upload=h5p_upload(zip_bytes(h5p_entries(patch=2, library_js="/* two */"))),
        may_install_libraries=True,
    )
    assert read("h5p/libraries/SOCLE.Test-1.0/2/test.js") == "/* two */"
    with django_capture_on_commit_callbacks(execute=True):
        h5p_package_create(
            upload=h5p_upload(zip_bytes(h5p_entries(patch=5, library_js="/* five */"))),
            may_install_libraries=True,
            confirm_library_updates=True,
        )
    assert read("h5p/libraries/SOCLE.Test-1.0/5/test.js") == "/* five */"
    # the replaced patch's files are gone once the new one is recorded
    assert list(storage_walk(private_storage, "h5p/libraries/SOCLE.Test-1.0/2")) == []
    assert H5PLibrary.objects.get().patch_version == 5
    h5p_package_create(
        upload=h5p_upload(zip_bytes(h5p_entries(patch=3, library_js="/* three */"))),
        may_install_libraries=True,
    )
    assert list(storage_walk(private_storage, "h5p/libraries/SOCLE.Test-1.0/3")) == []
    assert read("h5p/libraries/SOCLE.Test-1.0/5/test.js") == "/* five */"
    assert H5PLibrary.objects.get().patch_version == 5
    assert H5PPackage.objects.count() == 3


def test_an_editor_without_the_install_permission_cannot_bring_new_library_code(editor):
    refused_message = refused_for(editor, h5p_bytes())
    assert "SOCLE.KnowledgeCheck 1.0" in refused_message
    # once an administrator installed it, the editor may add packages that use it
    admin = UserFactory(roles=["Administrator"], is_superuser=True)
    h5p_package_create(title="By admin", upload=h5p_upload(), user=admin)
    package = h5p_package_create(title="By editor", upload=h5p_upload(), user=editor)
    assert package.uploaded_by == editor


def refused_for(user, data):
    with pytest.raises(ValidationError) as exc:
        h5p_package_create(title="x", upload=h5p_upload(data), user=user)
    assert files_on_disk() == []
    assert H5PPackage.objects.count() == 0
    return " ".join(exc.value.messages)


def test_a_package_may_rely_on_a_library_already_installed():
    h5p_package_create(upload=h5p_upload(), may_install_libraries=True)
    zf = zipfile.ZipFile(io.BytesIO(h5p_bytes()))
    entries = {n: zf.read(n) for n in zf.namelist() if not n.startswith("SOCLE.")}
    package = h5p_package_create(title="Content only", upload=h5p_upload(zip_bytes(entries)))
    assert package.main_library.key == "SOCLE.KnowledgeCheck-1.0"


# --- the hostile set --------------------------------------------------------------------------


def test_path_traversal_is_refused():
    refused(zip_bytes(h5p_entries(extra={"content/../../evil.json": "{}"})), "climbs out")
    refused(zip_bytes(h5p_entries(extra={"..\\..\\evil.json": "{}"})), "climbs out")


def test_an_absolute_path_is_refused():
    refused(zip_bytes(h5p_entries(extra={"/etc/cron.d/evil.json": "{}"})), "absolute path")
    refused(zip_bytes(h5p_entries(extra={"C:/evil.json": "{}"})), "absolute path")


def test_a_symlink_is_refused():
    refused(symlink_zip(), "symbolic link")


def test_a_zip_bomb_by_ratio_is_refused():
    refused(
        zip_bytes(h5p_entries(extra={"content/zeros.json": b"0" * (20 * 1024 * 1024)})), "zip bomb"
    )


def test_a_zip_bomb_by_total_size_is_refused(settings):
    settings.SOCLE_H5P_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    chunk = os.urandom(1024 * 1024)
    entries = h5p_entries(extra={f"content/noise{i}.json": chunk for i in range(3)})
    refused(zip_bytes(entries, compression=zipfile.ZIP_STORED), "would exceed 2 MB")


def test_twenty_thousand_entries_are_refused():
    extra = {f"content/f{i}.json": "" for i in range(20_000)}
    refused(zip_bytes(h5p_entries(extra=extra), compression=zipfile.ZIP_STORED), "20004 entries")


def test_an_oversized_upload_is_refused(settings):
    settings.SOCLE_H5P_MAX_UPLOAD_BYTES = 1000
    refused(h5p_bytes(), "the limit is 0 MB")


@pytest.mark.parametrize("name", ["content/shell.php", "content/page.html", "content/x.js"])
def test_code_in_content_is_refused(name):
    refused(zip_bytes(h5p_entries(extra={name: "<?php system($_GET['c']); ?>"})), name)


def test_a_php_file_in_a_library_is_refused():
    refused(zip_bytes(h5p_entries(extra={"SOCLE.Test-1.0/x.php": "<?php ?>"})), "x.php")


def test_a_missing_h5p_json_is_refused():
    entries = h5p_entries()
    del entries["h5p.json"]
    refused(zip_bytes(entries), "h5p.json is missing")


def test_a_malformed_h5p_json_is_refused():
    refused(zip_bytes(h5p_entries(extra={"h5p.json": "{not json"})), "h5p.json is not valid JSON")
    refused(zip_bytes(h5p_entries(extra={"h5p.json": "[1, 2]"})), "must hold a JSON object")
    refused(
        zip_bytes(h5p_entries(extra={"h5p.json": json.dumps({"title": "x"})})), "no mainLibrary"
    )


def test_a_malformed_content_json_is_refused():
    refused(
        zip_bytes(h5p_entries(extra={"content/content.json": "{"})),
        "content/content.json is not valid JSON",
    )
    entries = h5p_entries()
    del entries["content/content.json"]
    refused(zip_bytes(entries), "content/content.json is missing")


def test_a_missing_library_is_refused():
    entries = {k: v for k, v in h5p_entries().items() if not k.startswith("SOCLE.Test")}
    refused(zip_bytes(entries), "library SOCLE.Test 1.0 is missing")


def test_a_missing_dependency_of_a_library_is_refused():
    entries = h5p_entries()
    lib = json.loads(entries["SOCLE.Test-1.0/library.json"])
    lib["preloadedDependencies"] = [
        {"machineName": "H5P.Question", "majorVersion": 1, "minorVersion": 5}
    ]
    entries["SOCLE.Test-1.0/library.json"] = json.dumps(lib)
    refused(zip_bytes(entries), "library H5P.Question 1.5 is missing")


def test_a_library_listing_a_file_it_lacks_is_refused():
    entries = h5p_entries()
    del entries["SOCLE.Test-1.0/test.js"]
    entries["SOCLE.Test-1.0/other.js"] = "1"
    refused(zip_bytes(entries), "lists test.js")


def test_something_that_is_not_a_zip_is_refused():
    refused(b"%PDF-1.7 this is not a zip at all", "not a zip file")
    refused(b"", "not a zip file")
