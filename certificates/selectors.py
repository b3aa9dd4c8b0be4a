"""Reads of the certificates app."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from assessments.models import Attempt, QuizPage
from courses.hooks import course_staff_scope_for
from courses.models import CoursePage, Enrollment
from courses.services import course_completion_unmet

from .codes import code_normalize
from .defaults import CertificateDefaults
from .embedded import EmbeddedCredentialError, embedded_credential
from .hooks import extra_requirements, template_override
from .models import Certificate, CertificateStatus, CertificateTemplate, CourseCertificateSettings
from .openbadges import credential_verify


def certificate_settings_for(course) -> CourseCertificateSettings | None:
    return (
        CourseCertificateSettings.objects.select_related("template")
        .filter(course=course, enabled=True)
        .first()
    )


def default_certificate_template() -> CertificateTemplate | None:
    """The site-wide default template (Settings > Certificate defaults), or None."""
    defaults = CertificateDefaults.objects.select_related("template").first()
    return defaults.template if defaults else None


def certificate_template_for(*, user, course) -> CertificateTemplate | None:
    """The cohort's template if a hook names one, else the course's; a course with no
    certificate settings uses the site's default template, one that turned certificates off
    gets none."""
    override = template_override(user, course)
    if override is not None:
        return override
    rows = CourseCertificateSettings.objects.select_related("template").filter(course=course)
    settings_ = rows.first()
    if settings_ is None:
        return default_certificate_template()
    return settings_.template if settings_.enabled else None


def certificate_unmet_requirements(*, user, course) -> list[str]:
    """What this learner still lacks for this course's certificate; empty when it is due.

    Required steps and pass marks come from the course's completion (courses app, including
    the requirements assessments register there); extra requirements (cohort attendance)
    from this app's `certificate_requirements` hook.
    """
    if certificate_template_for(user=user, course=course) is None:
        return [_("This course does not award a certificate.")]
    if not Enrollment.objects.filter(user=user, course=course).exists():
        return [_("You are not enrolled in this course.")]
    unmet = [str(message) for message in course_completion_unmet(user=user, course=course)]
    unmet.extend(extra_requirements(user, course))
    return unmet


def certificates_issued(
    *, course_id: int, user_ids: Iterable[int] | QuerySet
) -> dict[int, datetime]:
    """{user id: issued at} of the valid (not revoked) certificates of one course for these
    learners; `user_ids` may be a queryset of ids, kept as a subquery. What cohorts' funder
    exports read of certificates, in one query."""
    rows = Certificate.objects.filter(
        course_id=course_id, user_id__in=user_ids, status=CertificateStatus.VALID
    ).values_list("user_id", "issued_at")
    return dict(rows)


def certificates_issued_pairs(
    *, course_ids: Iterable[int], user_ids: Iterable[int] | QuerySet
) -> set[tuple[int, int]]:
    """{(user id, course id)} of the valid certificates of these courses for these learners,
    in one query whatever the number of courses: what programme reports read of certificates."""
    rows = Certificate.objects.filter(
        course_id__in=list(course_ids), user_id__in=user_ids, status=CertificateStatus.VALID
    ).values_list("user_id", "course_id")
    return set(rows)


def certificates_for_user(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).select_related("course").order_by("-issued_at")


def certificate_by_code(code: str | None) -> Certificate | None:
    if not code:
        return None
    return (
        Certificate.objects.select_related("template", "course", "user").filter(code=code).first()
    )


def certificate_by_pdf_hash(sha256: str) -> Certificate | None:
    return Certificate.objects.filter(pdf_sha256=sha256).exclude(pdf_sha256="").first()


def completed_courses_without_certificate(
    *, user, held_course_ids: Iterable[int] | None = None
) -> list:
    """Courses the learner completed that award a certificate they do not hold yet.

    `held_course_ids`: the courses of the certificates the caller already read (the dashboard
    has them), saving that lookup. Most learners have no completed course without its
    certificate: one plain query answers them, and only the others pay for the page query."""
    completed = set(
        Enrollment.objects.filter(user=user, status="completed").values_list("course_id", flat=True)
    )
    if not completed:
        return []
    if held_course_ids is None:
        held_course_ids = Certificate.objects.filter(user=user).values_list("course_id", flat=True)
    due = completed - set(held_course_ids)
    if not due:
        return []
    awarding = Q(pk__in=CourseCertificateSettings.objects.filter(enabled=True).values("course_id"))
    if default_certificate_template() is not None:
        awarding |= ~Q(pk__in=CourseCertificateSettings.objects.values("course_id"))
    return list(CoursePage.objects.live().filter(pk__in=due).filter(awarding).order_by("title"))


def course_grade_for(*, user, course) -> Decimal | None:
    """The learner's grade for a course: the mean of their best score on each live quiz in it
    (None when the course has no quiz they submitted)."""
    quizzes = QuizPage.objects.live().descendant_of(course).values("pk")
    best = (
        Attempt.objects.filter(user=user, quiz__in=quizzes, score__isnull=False)
        .values("quiz")
        .annotate(best=Max("score"))
        .values_list("best", flat=True)
    )
    scores = list(best)
    if not scores:
        return None
    return (sum(scores) / len(scores)).quantize(Decimal("0.01"))


# --- Staff: what a trainer or an administrator may see and act on ---------------------------


def certificate_staff_check(*, actor, permission: str, user_id: int, course_id: int) -> None:
    """Refuse (`PermissionDenied`) unless `actor` holds `permission` and oversees this learner
    in this course: administrators everything, trainers their cohorts' members for the
    cohorts' courses (the courses app's `course_staff_scope` hook)."""
    if not actor.has_perm(permission):
        raise PermissionDenied
    if not course_staff_scope_for(actor).covers_learner(user_id=user_id, course_id=course_id):
        raise PermissionDenied


def certificates_for_staff(*, user, query: str = "") -> QuerySet[Certificate]:
    """The certificates this staff member oversees, newest first, optionally searched by
    e-mail, name, course title or code. `PermissionDenied` for someone without the right."""
    if not user.has_perm("certificates.view_certificate"):
        raise PermissionDenied
    scope = course_staff_scope_for(user)
    certificates = (
        Certificate.objects.select_related("user")
        .filter(scope.learners_q(user_field="user_id", course_field="course_id"))
        .order_by("-issued_at")
    )
    query = query.strip()
    if query:
        condition = Q(user__email__icontains=query) | Q(learner_name__icontains=query)
        condition |= Q(course_title__icontains=query)
        code = code_normalize(query)
        if code:
            condition |= Q(code=code)
        certificates = certificates.filter(condition)
    return certificates


def certificate_for_download(*, user, code: str) -> Certificate:
    """The certificate with this code if it is the person's own or one they oversee;
    `Certificate.DoesNotExist` if there is none, `PermissionDenied` if it is not theirs."""
    certificate = Certificate.objects.get(code=code_normalize(code) or "")
    if certificate.user_id != user.pk:
        certificate_staff_check(
            actor=user,
            permission="certificates.view_certificate",
            user_id=certificate.user_id,
            course_id=certificate.course_id,
        )
    return certificate


def certificates_unfinished(*, settled_before, limit: int = 500) -> list[int]:
    """Valid certificates whose PDF or e-mail lags their revision, last touched before
    `settled_before` (a render task still running is left alone): a worker died, or the
    task was lost with its broker. Oldest first."""
    return list(
        Certificate.objects.filter(status="valid", updated_at__lt=settled_before)
        .filter(Q(rendered_revision__lt=F("revision")) | Q(emailed_revision__lt=F("revision")))
        .order_by("updated_at")
        .values_list("pk", flat=True)[:limit]
    )


@dataclass
class PdfCheck:
    """What an uploaded PDF proves. `how` is "hash" (the exact file issued), "credential"
    (another file carrying a credential we signed: its page is not proven, the facts on
    record are shown to compare), or "" (no match; `error` may say why)."""

    sha256: str
    certificate: Certificate | None = None
    how: str = ""
    error: str = ""
    expected: Certificate | None = None


def certificate_pdf_check(*, content: bytes, expected_code: str = "") -> PdfCheck:
    """Which certificate an uploaded PDF is: by its SHA-256 fingerprint, else through the
    signed credential embedded in it (a copy re-saved by another program). With
    `expected_code` (the verification page of one certificate) only that one matches."""
    check = PdfCheck(sha256=hashlib.sha256(content).hexdigest())
    check.expected = certificate_by_code(expected_code) if expected_code else None
    if expected_code and check.expected is None:
        return check
    match = certificate_by_pdf_hash(check.sha256)
    if match is not None:
        check.how = "hash"
    else:
        try:
            result = credential_verify(embedded_credential(content))
        except EmbeddedCredentialError as error:
            check.error = str(error.message)
            return check
        if not result.ok:
            check.error = _("The credential in this PDF is not signed by this platform.")
            return check
        match = certificate_by_code(code_normalize(result.code))
        subject = (result.credential or {}).get("credentialSubject", {})
        if match is not None and subject.get("name") != match.learner_name:
            # A genuine credential of an earlier revision (the name was corrected since).
            check.error = _("This PDF is an earlier version of the certificate.")
            return check
        check.how = "credential" if match is not None else ""
    if check.expected is not None and (match is None or match.pk != check.expected.pk):
        check.how, match = "", None
    check.certificate = match
    return check
