"""Back up, damage, restore: shared by the SQLite test and the PostgreSQL services test."""

import hashlib

from django.core.management import call_command
from django.db import connections
from django.test import Client
from wagtail.models import Page

from assessments.models import Attempt
from assessments.services.quiz import attempt_start
from certificates import keys
from certificates.models import Certificate
from certificates.openbadges import credential_sign, credential_verify
from courses.models import Enrollment, StepProgress


def snapshot() -> dict:
    """What must come back exactly: learner records, certificates and the published pages."""

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list(*fields))

    return {
        "enrollments": rows(Enrollment, "pk", "user_id", "course_id", "status", "completed_at"),
        "progress": rows(StepProgress, "pk", "user_id", "step_id", "completed_at"),
        "attempts": rows(Attempt, "pk", "uuid", "user_id", "quiz_id", "state", "version"),
        "certificates": rows(Certificate, "pk", "code", "status", "pdf", "pdf_sha256"),
        "pages": rows(Page, "pk", "title", "live", "latest_revision_id", "url_path"),
    }


def restore_here(backup) -> None:
    call_command("restore", str(backup), "--yes")


def run(*, tmp_path, learner, course, quiz, lesson, restore=restore_here, on_damage=None):
    """The whole procedure of docs/operations.md on one site; asserts it comes back exactly.

    `restore(backup)` restores the folder (here, or in another process); `on_damage(browser)`
    runs once the site is damaged and its caches hold the damage.
    """

    attempt_start(user=learner, quiz=quiz)
    certificate = Certificate.objects.get(user=learner, course=course)
    token = credential_sign(certificate)
    browser = Client()
    browser.force_login(learner)
    assert browser.get(lesson.url).status_code == 200  # cached under the current version
    assert lesson.title in browser.get(course.url).content.decode()  # the outline, cached
    before = snapshot()

    backup = tmp_path / "backup"
    call_command("backup", str(backup))

    # Damage: progress rows and an attempt deleted, the PDF file gone, a page retitled,
    # rewritten and republished (and cached: page, blocks, outline), the signing key lost.

    StepProgress.objects.filter(user=learner).delete()
    Attempt.objects.filter(user=learner).delete()
    certificate.pdf.storage.delete(certificate.pdf.name)
    lesson.title = "Vandalised"
    lesson.body = [{"type": "paragraph", "value": "<p>Defaced body</p>"}]
    lesson.save_revision().publish()
    damaged = browser.get(lesson.url).content.decode()
    assert "Vandalised" in damaged and "Defaced body" in damaged
    assert "Vandalised" in browser.get(course.url).content.decode()
    signing_kid = keys.current_key().kid
    for path in keys.private_key_files():
        path.unlink()
    keys.reset_cache()
    if on_damage is not None:
        on_damage(browser)

    restore(backup)
    for connection in connections.all():
        connection.close()

    assert snapshot() == before
    certificate = Certificate.objects.get(pk=certificate.pk)
    with certificate.pdf.storage.open(certificate.pdf.name, "rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == certificate.pdf_sha256
    assert credential_verify(token).ok
    assert keys.current_key().kid == signing_kid  # signs on with the restored key
    assert credential_verify(credential_sign(certificate)).ok
    restored = lesson.specific_class.objects.get(pk=lesson.pk)
    page = browser.get(lesson.url).content.decode()
    assert "Vandalised" not in page and "Defaced body" not in page
    assert restored.title in page and "Why governance matters" in page
    outline = browser.get(course.url).content.decode()
    assert "Vandalised" not in outline and restored.title in outline
