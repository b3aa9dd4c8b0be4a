"""Backup and restore on the embedded default (SQLite's online backup API).

The PostgreSQL run of the same scenario is in tests/services/test_backup_restore.py.
"""

import json

import pytest
from django.core.management import CommandError, call_command

from certificates import keys
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
