"""Certificates whose render was interrupted are finished by the sweep; a PDF missing from
storage is rendered again on download instead of failing."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from certificates import tasks
from certificates.models import Certificate
from certificates.services import certificate_revoke
from certificates.views import learner as views

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def interrupted(learner, awarding_course, finish_course):
    """Issued, but its render task never ran (the worker died, the broker lost it)."""
    finish_course(learner, awarding_course)
    Certificate.objects.update(
        pdf="",
        rendered_revision=0,
        emailed_revision=0,
        updated_at=timezone.now() - timedelta(hours=1),
    )
    mail.outbox.clear()
    return Certificate.objects.get()


@pytest.fixture
def issued(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    certificate = Certificate.objects.get()
    assert certificate.pdf_ready
    return certificate


def test_the_sweep_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["certificates-sweep"]
    assert entry["task"] == tasks.certificates_sweep_task.name


def test_the_sweep_renders_and_mails_an_interrupted_certificate_once(interrupted, learner):
    assert tasks.certificates_sweep_task.apply().get() == {"queued": [interrupted.pk]}
    interrupted.refresh_from_db()
    assert interrupted.pdf_ready
    assert interrupted.pdf.storage.exists(interrupted.pdf.name)
    assert [m.to for m in mail.outbox] == [[learner.email]]
    # Nothing left to do: the next sweep queues nothing and sends nothing.
    Certificate.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    assert tasks.certificates_sweep_task.apply().get() == {"queued": []}
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_a_render_in_progress_and_revoked_certificates(interrupted):
    Certificate.objects.update(updated_at=timezone.now())  # its task may still be running
    assert tasks.certificates_sweep_task.apply().get() == {"queued": []}
    Certificate.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    certificate_revoke(certificate=interrupted, reason="Issued by mistake")
    Certificate.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    assert tasks.certificates_sweep_task.apply().get() == {"queued": []}


def test_the_sweep_brings_a_stale_revision_up_to_date(issued, learner):
    Certificate.objects.update(revision=2, updated_at=timezone.now() - timedelta(hours=1))
    mail.outbox.clear()
    assert tasks.certificates_sweep_task.apply().get() == {"queued": [issued.pk]}
    issued.refresh_from_db()
    assert (issued.rendered_revision, issued.emailed_revision) == (2, 2)
    assert [m.to for m in mail.outbox] == [[learner.email]]


def test_a_pdf_missing_from_storage_is_rendered_again_on_download(client, learner, issued):
    issued.pdf.storage.delete(issued.pdf.name)
    client.force_login(learner)
    response = client.get(issued.get_download_url())
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert "Governance of social security" in pdf_text(content)
    issued.refresh_from_db()
    assert issued.pdf.storage.exists(issued.pdf.name)
    assert len(mail.outbox) == 1  # the learner is not e-mailed the same revision again


def test_a_render_that_fails_on_download_answers_retry_shortly(
    client, learner, issued, monkeypatch
):
    queued = []

    def broken(**kwargs):
        raise OSError("fonts unavailable")

    monkeypatch.setattr(views, "certificate_render", broken)
    monkeypatch.setattr(views.certificate_render_task, "delay", queued.append)
    issued.pdf.storage.delete(issued.pdf.name)
    client.force_login(learner)
    response = client.get(issued.get_download_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "being prepared" in response.content.decode()
    assert queued == [issued.pk]
