"""Certificates on the real services: a Celery worker on Redis renders and e-mails; two
issuers racing on PostgreSQL get exactly one certificate."""

import os
import signal
import threading

import pytest
from django.db import connection
from wagtail import hooks

from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.certificates.conftest import build_course, pdf_text
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _delivered(worker, certificate, *, what):
    """Wait until `worker` has rendered and e-mailed the certificate's first revision."""
    return worker.wait_for(
        lambda: Certificate.objects.filter(
            pk=certificate.pk, rendered_revision=1, emailed_revision=1
        ).first(),
        timeout=120,
        what=what,
    )


@pytest.fixture
def awarding(home_page):
    course = build_course(home_page, title="Digital transformation of social security")
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory(), hours=8)
    return course


def test_real_worker_renders_and_emails_the_certificate(celery_worker, awarding):
    learner = UserFactory(full_name="Малика Рахимова")
    certificate = certificate_issue(user=learner, course=awarding, enforce_rules=False)

    done = _delivered(
        celery_worker, certificate, what="the certificate rendered and e-mailed by the worker"
    )
    assert len(done.pdf_sha256) == 64
    text = pdf_text(done.pdf.read())
    assert "Малика Рахимова" in text and done.display_code in text
    mails = celery_worker.wait_for(celery_worker.mail, timeout=30, what="the e-mail")
    assert len(mails) == 1
    assert learner.email in mails[0] and done.display_code in mails[0]
    assert "application/pdf" in mails[0]


@pytest.mark.parametrize("context", [None, ("cohort:41", "Kigali 2026")])
def test_two_issuers_at_once_make_exactly_one_certificate(awarding, context):
    """With no cohort, and within one cohort (the other unique constraint)."""

    learner = UserFactory()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def issue():
        try:
            barrier.wait(timeout=10)
            results.append(certificate_issue(user=learner, course=awarding, enforce_rules=False).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    with hooks.register_temporarily("certificate_context_for", lambda user, course: context):
        threads = [threading.Thread(target=issue) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    rows = Certificate.objects.filter(user=learner, course=awarding)
    assert [row.context_key for row in rows] == [context[0] if context else None]


def test_issuers_racing_for_different_learners_get_distinct_status_bits(awarding):
    """Each certificate's revocation bit is allocated at issue; concurrent issues that read
    the same next bit end in the unique constraint and retry with the next one."""
    learners = [UserFactory() for _ in range(4)]
    barrier = threading.Barrier(len(learners))
    errors = []

    def issue(learner):
        try:
            barrier.wait(timeout=10)
            certificate_issue(user=learner, course=awarding, enforce_rules=False)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    bits = list(Certificate.objects.values_list("status_list_index", flat=True))
    assert len(bits) == len(learners) == len(set(bits))


@pytest.mark.parametrize("step", ["render", "send"])
def test_worker_killed_mid_task_is_completed_by_another_without_duplicates(
    celery_workers, awarding, tmp_path, step
):
    """SIGKILL a worker while the task waits inside the render (or the e-mail, with the row
    locked): the unacknowledged message goes back to the queue after the visibility timeout
    and a second worker completes it: one row, one PDF, one e-mail."""

    started, block = tmp_path / "started", tmp_path / "block"
    block.touch()
    doomed = celery_workers(
        app="tests.services._blocking_app",
        env={
            "SOCLE_TEST_BLOCK_STEP": step,
            "SOCLE_TEST_STARTED_FILE": str(started),
            "SOCLE_TEST_BLOCK_FILE": str(block),
        },
    )
    learner = UserFactory(full_name="Souksavanh Phommachanh")
    certificate = certificate_issue(user=learner, course=awarding, enforce_rules=False)
    doomed.wait_for(started.exists, timeout=120, what=f"the task to reach the {step} step")

    os.kill(doomed.process.pid, signal.SIGKILL)
    doomed.process.wait(timeout=20)
    assert doomed.process.returncode == -signal.SIGKILL
    row = Certificate.objects.get(pk=certificate.pk)
    assert row.emailed_revision == 0 and doomed.mail() == []
    assert row.rendered_revision == (1 if step == "send" else 0)
    sha_before = row.pdf_sha256

    rescuer = celery_workers(app="tests.services._blocking_app")
    done = _delivered(rescuer, certificate, what="the redelivered task to render and e-mail")
    assert Certificate.objects.filter(user=learner, course=awarding).count() == 1
    if step == "send":
        assert done.pdf_sha256 == sha_before  # rendered once, not again
    assert "Souksavanh Phommachanh" in pdf_text(done.pdf.read())
    mails = rescuer.wait_for(rescuer.mail, timeout=30, what="the e-mail")
    # Let a late duplicate show up if there were one.
    rescuer.wait_for(lambda: "succeeded" in rescuer.log.read_text(), what="the task to finish")
    assert len(rescuer.mail()) == 1 == len(mails)
    assert done.display_code in mails[0]


def test_prefork_child_killed_mid_render_is_requeued_at_once(celery_workers, awarding, tmp_path):
    """Under the prefork pool the parent sees its child die and, with reject_on_worker_lost,
    puts the message straight back: a new child of the same worker completes it once."""

    started, block = tmp_path / "started", tmp_path / "block"
    block.touch()
    worker = celery_workers(
        app="tests.services._blocking_app",
        pool="prefork",
        env={
            "SOCLE_TEST_BLOCK_STEP": "render",
            "SOCLE_TEST_STARTED_FILE": str(started),
            "SOCLE_TEST_BLOCK_FILE": str(block),
            # Longer than the test: a redelivery can only come from the parent, not Redis.
            "SOCLE_TEST_VISIBILITY_TIMEOUT": "3600",
        },
    )
    learner = UserFactory(full_name="Nodira Karimova")
    certificate = certificate_issue(user=learner, course=awarding, enforce_rules=False)
    worker.wait_for(started.exists, timeout=120, what="the task to reach the render")
    child = int(started.read_text())
    assert child != worker.process.pid
    started.unlink()

    os.kill(child, signal.SIGKILL)
    block.unlink()  # the redelivered run goes through
    done = _delivered(worker, certificate, what="the re-queued task to render and e-mail")
    assert worker.process.poll() is None  # the worker itself lived on
    assert started.exists() and int(started.read_text()) != child  # run again, by a new child
    assert Certificate.objects.filter(user=learner, course=awarding).count() == 1
    assert "Nodira Karimova" in pdf_text(done.pdf.read())
    assert len(worker.wait_for(worker.mail, timeout=30, what="the e-mail")) == 1
    assert "WorkerLostError" in worker.log.read_text()
