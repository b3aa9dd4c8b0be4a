"""Business rules of certificates: issue, re-issue, revoke, render and deliver."""

import logging
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.languages import title_in
from courses.models import CoursePage, EnrollmentStatus
from learning.audit import audit_record
from learning.models import AuditAction
from learning.roles import is_administrator
from learning.translated_snippets import translation_for

from .codes import code_display, code_generate
from .hooks import issuance_context
from .models import Certificate, CertificateStatus
from .openbadges import credential_sign
from .rendering import CertificateData, certificate_pdf, sha256_hex, verify_url
from .selectors import (
    certificate_settings_for,
    certificate_staff_check,
    certificate_template_for,
    certificate_unmet_requirements,
    course_grade_for,
)
from .statuslist import status_index_next, status_lists_changed
from .tasks import certificate_render_task

logger = logging.getLogger(__name__)


def _enqueue_render(certificate: Certificate) -> None:
    certificate_id = certificate.pk
    transaction.on_commit(lambda: certificate_render_task.delay(certificate_id))


def _course_hours(course) -> Decimal | None:
    settings_ = certificate_settings_for(course)
    if settings_ and settings_.hours is not None:
        return settings_.hours
    hours = getattr(course, "estimated_hours", None)
    return Decimal(str(hours)) if hours not in (None, "") else None


def _existing(*, user, course, context: tuple[str, str] | None) -> Certificate | None:
    """The certificate already issued to this learner for this course in this context."""
    key = context[0] if context else None
    return Certificate.objects.filter(user=user, course=course, context_key=key).first()


def _issue_checks(*, user, course, issued_by, enforce_rules: bool, reason: str) -> str:
    """Who may issue what: a staff member only to learners they oversee; without the rules
    only an administrator, with a reason. Returns the reason, stripped."""
    reason = (reason or "").strip()
    if issued_by is not None:
        certificate_staff_check(
            actor=issued_by,
            permission="certificates.add_certificate",
            user_id=user.pk,
            course_id=course.pk,
        )
        if not enforce_rules:
            if not is_administrator(issued_by):
                raise PermissionDenied(
                    _("Only an administrator may issue a certificate without the course's rules.")
                )
            if not reason:
                raise ValidationError(
                    _("Say why this certificate is issued without the course's rules."),
                    code="no_reason",
                )
    return reason


def certificate_issue(
    *,
    user,
    course,
    issued_by=None,
    enforce_rules: bool = True,
    reason: str = "",
    grade: Decimal | None = None,
    notify: bool = True,
    request=None,
) -> Certificate:
    """The learner's certificate for this course, created once; the PDF follows on commit.

    Idempotent: a second call (or a second worker at the same moment) returns the same row,
    guarded by the unique constraints on (user, course) without a context and (user, course,
    context) with one; the context (a cohort) comes from the `certificate_context_for` hook.
    With `enforce_rules` (the default, and always for learners) a learner who has not met
    the rules is refused with what is missing. `issued_by` is the staff member issuing by
    hand: they must oversee this learner and course (`PermissionDenied` otherwise), only an
    administrator may pass enforce_rules=False, with a `reason`, and the act is audited.
    Without `issued_by` the system issues (learners' requests, tasks, demo data). With
    notify=False the PDF is rendered but no e-mail is sent (demo data, bulk back-fills).
    """
    course = course.specific if hasattr(course, "specific") else course
    reason = _issue_checks(
        user=user, course=course, issued_by=issued_by, enforce_rules=enforce_rules, reason=reason
    )
    context = issuance_context(user, course)
    existing = _existing(user=user, course=course, context=context)
    if existing is not None:
        return existing
    if enforce_rules:
        unmet = certificate_unmet_requirements(user=user, course=course)
        if unmet:
            raise ValidationError(unmet, code="requirements_unmet")
    template = certificate_template_for(user=user, course=course)
    if template is None:
        raise ValidationError(_("This course does not award a certificate."), code="no_template")
    with transaction.atomic():
        certificate = _certificate_build(
            user=user,
            course=course,
            template=template,
            context=context,
            grade=grade,
            issued_by=issued_by,
            notify=notify,
        )
        existing = _insert(certificate, user=user, course=course, context=context)
        if existing is not None:
            return existing
        if issued_by is not None:
            audit_record(
                actor=issued_by,
                action=AuditAction.CERTIFICATE_ISSUE
                if enforce_rules
                else AuditAction.CERTIFICATE_ISSUE_WITHOUT_RULES,
                target=certificate,
                reason=reason,
                detail={"user": user.pk, "course": course.pk, "code": certificate.code},
                request=request,
            )
        _enqueue_render(certificate)
    logger.info("certificate issued", extra={"certificate": certificate.pk})
    return certificate


def _insert(certificate: Certificate, *, user, course, context) -> Certificate | None:
    """Insert with the next status-list bit. Returns the row another worker inserted for
    the same learner, course and context meanwhile (theirs stands), else None. A bit taken
    by a concurrent issue of another certificate is retried with the next one."""
    for attempt in range(5):
        certificate.status_list_index = status_index_next()
        try:
            with transaction.atomic():
                certificate.save()
            return None
        except IntegrityError:
            existing = _existing(user=user, course=course, context=context)
            if existing is not None:
                return existing
            if attempt == 4:
                raise
    return None


def _certificate_build(
    *, user, course, template, context, grade, issued_by, notify: bool
) -> Certificate:
    now = timezone.now()
    certificate = Certificate(
        user=user,
        course=course,
        template=template,
        code=code_generate(),
        issued_at=now,
        # Calendar months; 31 January + 1 month is the last day of February.
        expires_at=now + relativedelta(months=template.validity_months)
        if template.validity_months
        else None,
        learner_name=(user.full_name or user.email).strip(),
        # As the certificate says it: in the learner's language where the course has it.
        course_title=title_in(course, user.preferred_language or settings.LANGUAGE_CODE),
        issuer_name=template.issuer_name,
        hours=_course_hours(course),
        grade=grade if grade is not None else course_grade_for(user=user, course=course),
        issued_by=issued_by,
        emailed_revision=0 if notify else 1,
        context_key=context[0] if context else None,
        context_label=context[1] if context else "",
    )
    # Uniqueness is left to the database (a race must end in IntegrityError), and the check
    # constraints hold by construction; full_clean checks the fields. The status-list bit
    # is allocated when the row is inserted (_insert).
    certificate.full_clean(
        exclude=["pdf", "pdf_sha256", "status_list_index"],
        validate_unique=False,
        validate_constraints=False,
    )
    return certificate


def certificate_issue_if_due(*, user, course, notify: bool = True) -> Certificate | None:
    """Issue when the course's certificate rules are met; None (and nothing written) if not."""
    existing = _existing(user=user, course=course, context=issuance_context(user, course))
    if existing is not None:
        return existing
    if certificate_unmet_requirements(user=user, course=course):
        return None
    return certificate_issue(user=user, course=course, notify=notify)


def certificates_issue_due(*, course_id: int, user_ids) -> list[Certificate]:
    """Issue the certificates that became due to these learners of one course, e.g. once a
    trainer recorded their attendance. Only learners who completed the course are checked;
    those who still lack something, or hold the certificate already, are passed over.
    Idempotent, like certificate_issue_if_due; returns these learners' certificates for the
    course that exist now (issued by this call or before)."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        return []
    learners = get_user_model().objects.filter(
        pk__in=list(user_ids),
        enrollments__course_id=course_id,
        enrollments__status=EnrollmentStatus.COMPLETED,
    )
    issued = []
    for learner in learners:
        try:
            certificate = certificate_issue_if_due(user=learner, course=course)
        except ValidationError:
            logger.exception(
                "certificate not issued", extra={"user": learner.pk, "course": course_id}
            )
            continue
        if certificate is not None:
            issued.append(certificate)
    return issued


def _staff_check(*, actor, certificate: Certificate) -> None:
    if actor is not None:
        certificate_staff_check(
            actor=actor,
            permission="certificates.change_certificate",
            user_id=certificate.user_id,
            course_id=certificate.course_id,
        )


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, learner_name: str | None = None, reissued_by=None, request=None
) -> Certificate:
    """A new PDF with the same code, e.g. after the learner's name was corrected.

    `reissued_by` must oversee the certificate's learner and course (`PermissionDenied`);
    the act is audited with the old and the new name."""
    _staff_check(actor=reissued_by, certificate=certificate)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("A revoked certificate cannot be re-issued."), code="revoked")
    name = (learner_name if learner_name is not None else certificate.user.full_name).strip()
    if not name:
        raise ValidationError(_("The name on the certificate cannot be empty."), code="empty_name")
    old_name = certificate.learner_name
    certificate.learner_name = name
    certificate.revision += 1
    certificate.full_clean(exclude=["pdf", "pdf_sha256"], validate_unique=False)
    certificate.save(update_fields=["learner_name", "revision", "updated_at"])
    audit_record(
        actor=reissued_by,
        action=AuditAction.CERTIFICATE_REISSUE,
        target=certificate,
        detail={"old_name": old_name, "new_name": name, "revision": certificate.revision},
        request=request,
    )
    _enqueue_render(certificate)
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, revoked_by=None, request=None
) -> Certificate:
    """Revoke with a reason; verification shows "revoked", with the reason and the date.

    `revoked_by` must oversee the certificate's learner and course (`PermissionDenied`);
    the act is audited with the reason."""
    _staff_check(actor=revoked_by, certificate=certificate)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking this certificate."), code="no_reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."), code="already_revoked")
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_reason = reason
    certificate.revoked_at = timezone.now()
    certificate.full_clean(exclude=["pdf", "pdf_sha256"], validate_unique=False)
    certificate.save(update_fields=["status", "revoked_reason", "revoked_at", "updated_at"])
    status_lists_changed()  # the published revocation list shows it once this commits
    audit_record(
        actor=revoked_by,
        action=AuditAction.CERTIFICATE_REVOKE,
        target=certificate,
        reason=reason,
        request=request,
    )
    logger.info(
        "certificate revoked",
        extra={"certificate": certificate.pk, "by": getattr(revoked_by, "pk", None)},
    )
    return certificate


def certificate_data(certificate: Certificate) -> CertificateData:
    return CertificateData(
        learner_name=certificate.learner_name,
        course_title=certificate.course_title,
        issuer_name=certificate.issuer_name,
        issued_on=timezone.localdate(certificate.issued_at),
        code=certificate.code,
        hours=certificate.hours,
        grade=certificate.grade,
        expires_on=timezone.localdate(certificate.expires_at) if certificate.expires_at else None,
    )


def certificate_pdf_stored(certificate: Certificate) -> bool:
    """Whether the PDF of the current revision is in storage. The file is looked for too:
    a render interrupted after the row was written, or a file lost from storage (a partial
    restore), leaves a row that names a file nobody can open."""
    if not certificate.pdf_ready:
        return False
    name = certificate.pdf.name
    if not name:
        return False
    return certificate.pdf.storage.exists(name)


def certificate_render(*, certificate_id: int) -> bool:
    """Bring the stored PDF up to the certificate's revision (or render it again when its file
    is missing). Returns True if it rendered. Revoked certificates are never rendered again.

    Rendering happens outside any lock; the result is saved only if nobody saved this
    revision meanwhile, so a task retried or run twice stores one PDF.
    """
    certificate = Certificate.objects.select_related("template", "user").get(pk=certificate_id)
    # A revoked certificate keeps the PDF it had, or none (an erased person's was deleted).
    if certificate.status != CertificateStatus.VALID or certificate_pdf_stored(certificate):
        return False
    revision = certificate.revision
    # The template's translation in the learner's language, else the template itself.
    language = certificate.user.preferred_language or settings.LANGUAGE_CODE
    pdf = certificate_pdf(
        template=translation_for(certificate.template, language),
        data=certificate_data(certificate),
        credential=credential_sign(certificate),
    )
    old_name = None
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.revision != revision or certificate_pdf_stored(locked):
            return False
        old_name = locked.pdf.name or None
        locked.pdf.save("certificate.pdf", ContentFile(pdf), save=False)
        locked.pdf_sha256 = sha256_hex(pdf)
        locked.rendered_revision = revision
        locked.save(update_fields=["pdf", "pdf_sha256", "rendered_revision", "updated_at"])
        if old_name:
            storage = locked.pdf.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return True


def certificate_send(*, certificate_id: int) -> bool:
    """E-mail the learner the PDF of the current revision, once. Returns True if it sent.

    The row stays locked from the check to the mark, so two workers cannot both send; a
    worker killed between sending and committing would send again on retry (the window is
    the commit itself).
    """
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update().select_related("user").get(pk=certificate_id)
        )
        if certificate.emailed_revision >= certificate.revision or not certificate.pdf_ready:
            return False
        user = certificate.user
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("Your certificate: %(course)s") % {"course": certificate.course_title}
            body = _(
                "Dear %(name)s,\n\nCongratulations on completing %(course)s. Your certificate is "
                "attached.\n\nAnyone can check it at %(url)s with the code %(code)s.\n\n"
                "Socle"
            ) % {
                "name": certificate.learner_name,
                "course": certificate.course_title,
                "url": verify_url(certificate.code),
                "code": code_display(certificate.code),
            }
        with certificate.pdf.open("rb") as handle:
            content = handle.read()
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach(
            f"certificate-{code_display(certificate.code)}.pdf", content, "application/pdf"
        )
        message.send()
        certificate.emailed_revision = certificate.revision
        certificate.save(update_fields=["emailed_revision", "updated_at"])
    return True
