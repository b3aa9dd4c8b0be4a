"""Issuance: the rules, idempotency, the render task and the e-mail."""

import hashlib
from datetime import UTC, datetime

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import ValidationError
from wagtail import hooks

import certificates.services as services
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_render
from certificates.tasks import certificate_render_task
from courses.models import Enrollment
from courses.services import enrollment_create
from tests.factories import CertificateTemplateFactory

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_renders_and_emails_the_certificate(
    learner, awarding_course, finish_course
):
    finish_course(learner, awarding_course)

    certificate = Certificate.objects.get(user=learner, course=awarding_course)
    assert certificate.status == "valid"
    assert certificate.learner_name == learner.full_name
    assert certificate.hours == 12
    assert len(certificate.pdf_sha256) == 64
    text = pdf_text(certificate.pdf.read())
    assert learner.full_name in text
    assert awarding_course.title in text
    assert certificate.display_code in text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert certificate.display_code in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf"

    assert hashlib.sha256(content).hexdigest() == certificate.pdf_sha256


def test_unfinished_course_issues_nothing(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course, steps=1)
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def test_course_without_certificate_settings_issues_nothing(learner, course, finish_course):
    finish_course(learner, course)
    assert not Certificate.objects.exists()


def test_disabled_certificate_settings_issue_nothing(learner, awarding_course, finish_course):
    awarding_course.certificate_settings.enabled = False
    awarding_course.certificate_settings.save()
    finish_course(learner, awarding_course)
    assert not Certificate.objects.exists()


def test_extra_requirement_hook_blocks_issuance_and_says_what_is_missing(
    learner, awarding_course, finish_course
):
    def attendance(user, course):
        return ["Attend at least 3 of the 4 live sessions (attended 1)."]

    with hooks.register_temporarily("certificate_requirements", attendance):
        finish_course(learner, awarding_course)
        assert not Certificate.objects.exists()
        with pytest.raises(ValidationError) as error:
            certificate_issue(user=learner, course=awarding_course)
    assert "Attend at least 3 of the 4 live sessions (attended 1)." in error.value.messages
    assert not Certificate.objects.exists()


def test_template_hook_overrides_the_course_template(learner, awarding_course, finish_course):
    cohort_template = CertificateTemplateFactory(title="Cohort certificate", issuer_name="ITC")

    with hooks.register_temporarily(
        "certificate_template_for", lambda user, course: cohort_template
    ):
        finish_course(learner, awarding_course)
    certificate = Certificate.objects.get()
    assert certificate.template == cohort_template
    assert certificate.issuer_name == "ITC"
    assert "Cohort certificate" in pdf_text(certificate.pdf.read())


def test_learner_not_meeting_the_rules_is_refused_with_what_is_missing(
    learner, awarding_course, django_capture_on_commit_callbacks
):
    enrollment_create(user=learner, course=awarding_course)
    with pytest.raises(ValidationError) as error:
        certificate_issue(user=learner, course=awarding_course)
    assert error.value.messages == ["0 of 2 required steps done."]
    assert not Certificate.objects.exists()


def test_not_enrolled_is_refused(learner, awarding_course):
    with pytest.raises(ValidationError) as error:
        certificate_issue(user=learner, course=awarding_course)
    assert error.value.messages == ["You are not enrolled in this course."]
    assert not Certificate.objects.exists()


def test_issue_is_idempotent(
    learner, awarding_course, finish_course, django_capture_on_commit_callbacks
):
    finish_course(learner, awarding_course)
    first = Certificate.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = certificate_issue(user=learner, course=awarding_course)
    assert again.pk == first.pk and again.code == first.code
    assert callbacks == []
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_task_run_twice_creates_nothing_new(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    before = Certificate.objects.get()

    result = certificate_render_task.apply(args=[before.pk]).get()

    after = Certificate.objects.get()
    assert result == {"certificate": before.pk, "rendered": False, "sent": False}
    assert (after.pdf.name, after.pdf_sha256) == (before.pdf.name, before.pdf_sha256)
    assert len(mail.outbox) == 1


def test_retry_after_a_crash_between_render_and_mail_sends_once(
    learner, awarding_course, finish_course, monkeypatch
):
    """A worker dies after storing the PDF but before e-mailing: the retry only e-mails."""

    def crash(**kwargs):
        raise OSError("worker killed")

    monkeypatch.setattr(services, "certificate_send", crash)
    # Eagerly, Celery's autoretry surfaces as Retry; a real worker would re-deliver the task.
    with pytest.raises((OSError, Retry)):
        finish_course(learner, awarding_course)
    monkeypatch.undo()
    certificate = Certificate.objects.get()
    assert certificate.rendered_revision == 1 and certificate.emailed_revision == 0
    sha = certificate.pdf_sha256

    certificate_render_task.apply(args=[certificate.pk]).get()
    certificate_render_task.apply(args=[certificate.pk]).get()

    certificate.refresh_from_db()
    assert certificate.pdf_sha256 == sha
    assert certificate.emailed_revision == 1
    assert len(mail.outbox) == 1
    assert Certificate.objects.count() == 1


def test_render_is_a_no_op_when_up_to_date(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    assert certificate_render(certificate_id=Certificate.objects.get().pk) is False


def test_task_declares_late_acknowledgement_and_backoff():
    assert certificate_render_task.acks_late is True
    assert certificate_render_task.retry_backoff
    assert certificate_render_task.max_retries >= 3


def test_a_certificate_that_cannot_be_issued_does_not_break_course_completion(
    learner, awarding_course, finish_course, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("The name on the certificate cannot be empty.")

    monkeypatch.setattr(services, "certificate_issue", refuse)
    finish_course(learner, awarding_course)
    assert Enrollment.objects.get(user=learner, course=awarding_course).status == "completed"
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("issued", "months", "expires"),
    [
        ((2027, 1, 31), 1, (2027, 2, 28)),
        ((2028, 1, 31), 1, (2028, 2, 29)),
        ((2027, 11, 30), 3, (2028, 2, 29)),
        ((2027, 5, 15), 24, (2029, 5, 15)),
    ],
)
def test_expiry_is_counted_in_calendar_months(
    learner, awarding_course, template, finish_course, monkeypatch, issued, months, expires
):
    template.validity_months = months
    template.save()
    moment = datetime(*issued, 10, 30, tzinfo=UTC)
    monkeypatch.setattr("certificates.services.timezone.now", lambda: moment)

    finish_course(learner, awarding_course)

    certificate = Certificate.objects.get()
    assert certificate.issued_at == moment
    assert certificate.expires_at == datetime(*expires, 10, 30, tzinfo=UTC)


def test_a_template_without_validity_issues_a_certificate_that_never_expires(
    learner, awarding_course, finish_course
):
    finish_course(learner, awarding_course)
    assert Certificate.objects.get().expires_at is None
