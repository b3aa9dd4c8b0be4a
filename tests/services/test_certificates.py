"""Certificates on the real services: a Celery worker on Redis renders and e-mails; two
issuers racing on PostgreSQL get exactly one certificate."""

import threading

import pytest
from django.db import connection

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


@pytest.fixture
def awarding(home_page):
    course = build_course(home_page, title="Digital transformation of social security")
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory(), hours=8)
    return course


def test_real_worker_renders_and_emails_the_certificate(celery_worker, awarding):
    learner = UserFactory(full_name="Малика Рахимова")
    certificate = certificate_issue(user=learner, course=awarding, enforce_rules=False)

    done = celery_worker.wait_for(
        lambda: Certificate.objects.filter(
            pk=certificate.pk, rendered_revision=1, emailed_revision=1
        ).first(),
        timeout=120,
        what="the certificate rendered and e-mailed by the worker",
    )
    assert len(done.pdf_sha256) == 64
    text = pdf_text(done.pdf.read())
    assert "Малика Рахимова" in text and done.display_code in text
    mails = celery_worker.wait_for(celery_worker.mail, timeout=30, what="the e-mail")
    assert len(mails) == 1
    assert learner.email in mails[0] and done.display_code in mails[0]
    assert "application/pdf" in mails[0]


def test_two_issuers_at_once_make_exactly_one_certificate(awarding):
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

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert Certificate.objects.filter(user=learner, course=awarding).count() == 1
