"""Backup and restore on the embedded default (SQLite's online backup API).

The PostgreSQL run of the same scenario is in tests/services/test_backup_restore.py.
"""

import json
import os
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import CommandError, call_command

from certificates import keys
from certificates.models import Certificate
from certificates.openbadges import credential_sign, credential_verify
from courses.models import StepProgress
from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    course_factories,
    enrolled,
    quiz_page,
)

from . import backup_scenario


@pytest.fixture
def site(home_page, learner, settings, tmp_path, django_capture_on_commit_callbacks):
    """A learner who finished a course with a certificate and started a quiz elsewhere."""

    settings.OPENBADGES_KEY_FILE = tmp_path / "keys" / "ob.pem"
    settings.OPENBADGES_KEY_DIR = tmp_path / "keys" / "openbadges"
    keys.reset_cache()
    index = course_factories.catalogue(home_page)
    course = course_factories.course(modules=1, steps_per_module=2, index=index)
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory())
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(user=learner, course=course)
        for step in course_steps(course):
            step_complete(user=learner, step=step)
    quiz = quiz_page(course=course_factories.course(modules=1, steps_per_module=1, index=index))
    enrolled(learner, quiz)
    yield {"learner": learner, "course": course, "quiz": quiz, "lesson": course_steps(course)[0]}
    keys.reset_cache()


def new_pem() -> str:
    return keys.private_pem(ec.generate_private_key(ec.SECP256R1())).decode()


@pytest.fixture
def signing_key(monkeypatch):
    """Production's way: the signing key in OPENBADGES_SIGNING_KEY, no key file. Request it
    before `site`, so that nothing is signed with a key of the key folder."""
    pem = new_pem()
    monkeypatch.setenv(keys.ENV_VAR, pem)
    keys.reset_cache()
    yield pem
    keys.reset_cache()


def leaks(pem: str, output: str) -> bool:
    """Whether any line of a private key's PEM body shows in `output`."""
    return any(line in output for line in pem.strip().splitlines()[1:-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_damage_restore_brings_everything_back_exactly(site, tmp_path):
    backup_scenario.run(tmp_path=tmp_path, **site)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tampered_backup_is_refused_before_anything_is_touched(site, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    pdf_member = next(name for name in manifest["files"] if name.endswith(".pdf"))
    (backup / pdf_member).write_bytes(b"%PDF-1.7 forged")
    StepProgress.objects.all().delete()

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(backup), "--yes")
    assert not StepProgress.objects.exists()  # nothing was restored from a bad backup


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_manifest_naming_files_outside_the_backup_is_refused(site, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"]["../../etc/passwd"] = "0" * 64
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="outside the backup"):
        call_command("restore", str(backup), "--yes")


def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_already_holds_files(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))


def _restore(backup) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("restore", str(backup), "--yes", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _backup_with_env_key(site, tmp_path):
    certificate = Certificate.objects.get(user=site["learner"], course=site["course"])
    token = credential_sign(certificate)
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    assert [name for name in manifest["files"] if name.startswith("keys/")] == [
        "keys/openbadges.pem"
    ]
    return certificate, token, backup


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_with_the_backups_key_in_the_environment(signing_key, site, tmp_path):
    certificate, token, backup = _backup_with_env_key(site, tmp_path)
    kid = keys.current_key().kid

    out, err = _restore(backup)

    assert f"The signing key in {keys.ENV_VAR} is the backup's ({kid})." in out
    assert err == ""
    assert not leaks(signing_key, out + err)
    assert keys.private_key_files() == []  # the environment's key is never written to disk
    assert credential_verify(token).ok
    assert keys.current_key().kid == kid
    assert credential_verify(credential_sign(certificate)).ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_with_another_key_in_the_environment_says_which_is_expected(
    signing_key, site, tmp_path, monkeypatch
):
    certificate, token, backup = _backup_with_env_key(site, tmp_path)
    kid = keys.current_key().kid
    other = new_pem()
    other_kid = keys.kid_of_pem(other.encode(), "test")
    monkeypatch.setenv(keys.ENV_VAR, other)
    keys.reset_cache()

    out, err = _restore(backup)

    assert "WARNING" in err and "WARNING" not in out
    assert f"holds the key {other_kid}, not the backup's signing key {kid}" in err
    assert f"signed with {kid} and will not verify with this key" in err
    assert str(backup / "keys" / "openbadges.pem") in err
    assert not leaks(signing_key, out + err) and not leaks(other, out + err)
    assert os.environ[keys.ENV_VAR] == other  # the restore leaves the environment alone
    assert keys.private_key_files() == []
    # What was issued still verifies through the public half the restored database keeps;
    # the site signs from now on with the environment's key.
    assert credential_verify(token).ok
    assert keys.current_key().kid == other_kid
    assert credential_verify(credential_sign(certificate)).ok
