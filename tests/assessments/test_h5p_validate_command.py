"""`manage.py h5p_validate FILE...`: one verdict per file, every reason, non-zero when refused."""

import io

import pytest
from django.core.management import call_command

from assessments.models import H5PLibrary, H5PPackage
from tests.assessments import h5p_cases as cases
from tests.factories import h5p_entries, h5p_package, zip_bytes

pytestmark = pytest.mark.django_db


def run(*paths) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command("h5p_validate", *[str(p) for p in paths], stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().splitlines()


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_batch_of_good_files_passes(tmp_path):
    good = write(tmp_path, "good.h5p", cases.valid())
    check = write(tmp_path, "check.h5p", cases.valid_knowledge_check())
    code, lines = run(good, check)
    assert code == 0
    assert lines == ["OK SOCLE.Test 1.0", "OK SOCLE.KnowledgeCheck 1.0"]
    assert not H5PPackage.objects.exists()  # validating writes nothing


def test_a_mixed_batch_names_every_reason_and_exits_non_zero(tmp_path):
    good = write(tmp_path, "good.h5p", cases.valid())
    two = write(tmp_path, "two.h5p", cases.two_invalid_libraries())
    broken = write(tmp_path, "broken.h5p", cases.corrupt_archive())
    crc = write(tmp_path, "crc.h5p", cases.bad_crc())
    missing = tmp_path / "absent.h5p"
    code, lines = run(good, two, broken, crc, missing)
    assert code == 1
    assert lines[0] == "OK SOCLE.Test 1.0"
    assert lines[1] == (
        "REFUSED: H5P.GreetingCard-1.0: language file XXX!.json is not named by a "
        "language code.; H5P.GreetingCard2-1.0/library.json lacks title."
    )
    assert lines[2].startswith("REFUSED: This is not a zip file, or it is truncated")
    assert lines[3] == (
        "REFUSED: content/content.json is damaged in the archive (bad checksum, size or data)."
    )
    assert lines[4].startswith("REFUSED: cannot read the file")
    assert len(lines) == 5


def test_libraries_in_the_store_count(tmp_path):
    content_only = {k: v for k, v in h5p_entries().items() if not k.startswith("SOCLE.Test")}
    path = write(tmp_path, "content-only.h5p", zip_bytes(content_only))
    code, lines = run(path)
    assert code == 1
    assert lines == [
        "REFUSED: The library SOCLE.Test 1.0 is missing: it is neither in the "
        "package nor installed."
    ]
    H5PLibrary.objects.create(machine_name="SOCLE.Test", major_version=1, minor_version=0)
    assert run(path) == (0, ["OK SOCLE.Test 1.0"])


def test_a_package_the_upload_accepts_the_command_accepts(tmp_path):
    package = h5p_package(title="Floors")
    path = write(tmp_path, "floors.h5p", package.source.read())
    assert run(path) == (0, ["OK SOCLE.KnowledgeCheck 1.0"])


def test_names_start_each_line_with_its_file(tmp_path):
    good = write(tmp_path, "good.h5p", cases.valid())
    broken = write(tmp_path, "broken.h5p", b"not a zip")
    code, lines = run("--names", good, broken)
    assert code == 1
    assert lines[0] == f"{good}: OK SOCLE.Test 1.0"
    assert lines[1].startswith(f"{broken}: REFUSED: ")
