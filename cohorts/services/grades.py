"""Trainers' overrides of gradebook grades: set (with a reason) and remove, each written to the
audit log in the same transaction. The computed grade is never changed; it is kept beside the
override (docs/decisions/cohorts-gradebook.md)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from learning.audit import audit_record
from learning.models import AuditAction

from ..gradebook import GradeEntry, as_decimal, grade_entry, may_grade
from ..gradebook_models import MAX_REASON, GradeOverride
from ..models import Cohort


def _entry(*, actor, cohort: Cohort, user_id: int, item_key: str) -> GradeEntry:
    if not may_grade(user=actor, cohort=cohort):
        raise PermissionDenied
    entry = grade_entry(cohort=cohort, user_id=user_id, item_key=item_key)
    if entry is None:
        raise ValidationError(_("This learner or this item is not in the cohort's gradebook."))
    return entry


def _score(raw) -> Decimal:
    try:
        score = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        score = Decimal("NaN")
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValidationError({"score": _("Give a grade between 0 and 100.")})
    if score != score.quantize(Decimal("0.01")):
        raise ValidationError({"score": _("Give the grade with at most two decimals.")})
    return score.quantize(Decimal("0.01"))


def _reason(raw: str) -> str:
    reason = (raw or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you override this grade.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}}
        )
    return reason


@transaction.atomic
def grade_override_set(
    *,
    cohort: Cohort,
    actor,
    user_id: int,
    item_key: str,
    score,
    reason: str,
    request: HttpRequest | None = None,
) -> GradeOverride:
    """Give this member this grade on this item instead of the computed one (or change the
    override), with the reason; both are audited. PermissionDenied for someone who neither
    trains the cohort nor administers the platform; ValidationError for a bad grade, an empty
    reason, or a learner or item that is not in the cohort's gradebook."""
    entry = _entry(actor=actor, cohort=cohort, user_id=user_id, item_key=item_key)
    value = _score(score)
    why = _reason(reason)
    override = (
        GradeOverride.objects.select_for_update()
        .filter(cohort=cohort, user_id=user_id, item_key=item_key)
        .first()
    )
    previous = override.score if override is not None else None
    if override is None:
        override = GradeOverride(cohort=cohort, user_id=user_id, item_key=item_key)
    override.score = value
    override.reason = why
    override.original_score = as_decimal(entry.computed)
    override.created_by = actor
    override.full_clean()
    override.save()
    audit_record(
        actor=actor,
        action=AuditAction.GRADE_OVERRIDE,
        target=override,
        reason=why,
        detail={
            "cohort": cohort.pk,
            "learner": user_id,
            "item": item_key,
            "title": entry.item.title,
            "score": str(value),
            "computed": None if entry.computed is None else str(as_decimal(entry.computed)),
            "previous_override": None if previous is None else str(previous),
        },
        request=request,
    )
    return override


@transaction.atomic
def grade_override_remove(
    *,
    cohort: Cohort,
    actor,
    user_id: int,
    item_key: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Remove the override: the computed grade counts again. Audited with the grade removed."""
    if not may_grade(user=actor, cohort=cohort):
        raise PermissionDenied
    override = (
        GradeOverride.objects.select_for_update()
        .filter(cohort=cohort, user_id=user_id, item_key=item_key)
        .first()
    )
    if override is None:
        raise ValidationError(_("There is no override of this grade to remove."))
    audit_record(
        actor=actor,
        action=AuditAction.GRADE_OVERRIDE,
        target=override,
        reason=(reason or "").strip()[:MAX_REASON],
        detail={
            "cohort": cohort.pk,
            "learner": user_id,
            "item": item_key,
            "removed": True,
            "score": str(override.score),
            "override_reason": override.reason,
        },
        request=request,
    )
    override.delete()
