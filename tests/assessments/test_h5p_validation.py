"""Package validation at parity with H5P core and Lumi: every problem reported, never a crash.

Each case of Lumi's PackageValidator tests is rebuilt in `h5p_cases`; the verdicts here are
Lumi's (valid, or refused for the same reason), in Socle's words.
"""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.h5p.validation import PackageError, package_inspect
from assessments.models import H5PLibrary, H5PPackage
from assessments.services import h5p_package_create
from tests.assessments import h5p_cases as cases
from tests.assessments.test_h5p_package_create import files_on_disk
from tests.factories import h5p_entries, h5p_upload, zip_bytes

pytestmark = pytest.mark.django_db


def inspect(data: bytes, installed=None):
    return package_inspect(io.BytesIO(data), size=len(data), installed=installed or {})


def reasons(data: bytes, installed=None) -> list[str]:
    with pytest.raises(PackageError) as exc:
        inspect(data, installed)
    return exc.value.messages


@pytest.mark.parametrize("build", [cases.valid, cases.valid_with_images])
def test_valid_packages_pass(build):
    assert str(inspect(build()).main_library) == "SOCLE.Test 1.0"


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # Lumi: unable-to-unzip
        (cases.corrupt_archive, ["This is not a zip file, or it is truncated"]),
        # Lumi: unable-to-parse-package (h5p.json, content.json)
        (cases.broken_h5p_json, ["h5p.json is not valid JSON."]),
        (cases.broken_content_json, ["content/content.json is not valid JSON."]),
        # Lumi: invalid-h5p-json-file-2 (schema); all the fields at fault are named
        (
            cases.invalid_h5p_json_schema,
            [
                "h5p.json: the title must be one line",
                "h5p.json has no language.",
                "h5p.json has no embedTypes.",
            ],
        ),
        # Lumi: invalid-library-name
        (cases.malformed_library_directory, ["H5P.Greeting Card-1.0/ is neither content/"]),
        # Lumi: invalid-schema-library-json-file
        (cases.invalid_library_json, ["H5P.GreetingCard-1.0/library.json lacks title."]),
        # Lumi: library-file-missing
        (cases.missing_preloaded_js, ["SOCLE.Test-1.0 lists test.js, which is not in"]),
        # Lumi: library-directory-name-mismatch
        (
            cases.invalid_library_directory_name,
            ["Folder SOCLE.Test-1.1 does not match its library.json (SOCLE.Test-1.0)."],
        ),
        # Lumi: invalid-language-file-json
        (cases.invalid_language_file_json, ["SOCLE.Test-1.0/language/de.json is not valid JSON."]),
        # Lumi: api-version-unsupported
        (cases.invalid_core_version, ["SOCLE.Test-1.0 needs H5P core API 1.99; the player"]),
        # Lumi: not-in-whitelist (both places named)
        (
            cases.not_in_allowlist,
            [
                "Found a file type not allowed in content: content/movie.swf.",
                "Found a file type not allowed in a library: SOCLE.Test-1.0/x.exe.",
            ],
        ),
        # Lumi: "detects errors in several libraries": both, in one refusal
        (
            cases.two_invalid_libraries,
            [
                "H5P.GreetingCard-1.0: language file XXX!.json is not named by a language code.",
                "H5P.GreetingCard2-1.0/library.json lacks title.",
            ],
        ),
    ],
)
def test_lumis_refusals_are_refusals_here(build, expected):
    found = reasons(build())
    assert len(found) == len(expected), found
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start), found


def test_a_library_already_installed_is_not_checked_file_by_file():
    # Lumi: "skips library validation when library is already installed"
    assert inspect(cases.missing_preloaded_js(), installed={"SOCLE.Test-1.0": 2})
    # a newer patch would be installed, so its files are checked
    assert "lists test.js" in reasons(cases.missing_preloaded_js(), {"SOCLE.Test-1.0": 1})[0]


def test_the_core_api_the_player_provides_is_a_setting(settings):
    settings.SOCLE_H5P_CORE_API = "1.99"
    assert inspect(cases.invalid_core_version())
    settings.SOCLE_H5P_CORE_API = "1.1"
    # Socle's own library asks for 1.24
    assert "needs H5P core API 1.24" in reasons(cases.valid_knowledge_check())[0]


def test_every_problem_of_a_hostile_package_is_reported_together():
    found = reasons(cases.hostile_everything())
    assert found == [
        "Path ../../escape.json climbs out of the package (“..”).",
        "Entry name content\\windows.json contains a backslash.",
        "content/link.json is a symbolic link.",
        "Found a file type not allowed in content: content/shell.php.",
        "h5p.json has no language.",
        "h5p.json has no mainLibrary.",
        "h5p.json has no embedTypes.",
    ]


@pytest.mark.parametrize(
    "name", ["nb-no.json", "en.json", "zh-hans-cn.json", "DE.json"], ids=lambda n: n
)
def test_language_files_named_by_a_language_code_pass(name):
    assert inspect(zip_bytes(h5p_entries(extra={f"SOCLE.Test-1.0/language/{name}": "{}"})))


@pytest.mark.parametrize("name", ["en_US.json", "x.y.json", "1.json", "en.js.json"])
def test_language_files_not_named_by_a_code_are_refused(name):
    data = zip_bytes(h5p_entries(extra={f"SOCLE.Test-1.0/language/{name}": "{}"}))
    assert reasons(data) == [
        f"SOCLE.Test-1.0: language file {name} is not named by a language code."
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"machineName": "9Lives"}, "'9Lives' is not a valid library name."),
        ({"majorVersion": "1"}, "majorVersion must be a number from 0 to 99999."),
        ({"patchVersion": 100000}, "patchVersion must be a number from 0 to 99999."),
        ({"runnable": 2}, "runnable must be 0 or 1."),
        ({"title": "x" * 256}, "the title must be one line of 1 to 255 characters."),
        ({"preloadedJs": [{"path": "x$.js"}]}, "preloadedJs holds an invalid path 'x$.js'."),
        ({"preloadedJs": [{"path": "../x.js"}]}, "lists ../x.js, which is not in the package."),
    ],
)
def test_library_json_fields_follow_the_schema(change, message):

    meta = json.loads(cases.library_json())
    meta.update(change)
    data = zip_bytes(h5p_entries(extra={"SOCLE.Test-1.0/library.json": json.dumps(meta)}))
    assert any(message in m for m in reasons(data)), reasons(data)


# --- damaged members and bombs: a clear refusal, never a 500, nothing written -----------------


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (cases.bad_crc, "content/content.json"),
        (cases.broken_deflate_stream, "content/data.json"),
        (cases.falsified_sizes, "content/zeros.json"),
        (cases.truncated_member, "content/zz.json"),
    ],
)
def test_a_damaged_member_is_refused_before_anything_is_written(build, path):
    with pytest.raises(ValidationError) as exc:
        h5p_package_create(upload=h5p_upload(build()), may_install_libraries=True)
    assert exc.value.messages == [f"{path} is damaged in the archive (bad checksum, size or data)."]
    assert files_on_disk() == []
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()


def test_a_damaged_member_in_the_admin_is_a_form_error_not_a_500(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/snippets/assessments/h5ppackage/add/",
        {"title": "x", "source": SimpleUploadedFile("x.h5p", cases.bad_crc())},
    )
    assert response.status_code == 200
    assert "content/content.json is damaged in the archive" in response.content.decode()
    assert files_on_disk() == [] and not H5PPackage.objects.exists()


def test_an_archive_whose_directory_is_garbage_is_refused():
    data = cases.valid()
    eocd = data.rfind(b"PK\x05\x06")
    garbage = data[: eocd - 60] + b"\x00" * 60 + data[eocd:]
    found = reasons(garbage)
    assert len(found) == 1 and "damaged" in found[0], found


def test_a_bomb_declaring_its_true_size_is_not_decompressed(settings):
    settings.SOCLE_H5P_MAX_UNCOMPRESSED_BYTES = 1024 * 1024

    data = zip_bytes(h5p_entries(extra={"content/big.json": b"1" * (2 * 1024 * 1024)}))
    found = reasons(data)
    assert any("zip bomb" in m or "would exceed 1 MB" in m for m in found), found
    assert not any("damaged" in m for m in found)
