"""Replaying what a learner did offline (docs/decisions/offline-pwa.md).

A device queues each action with a UUID it generated and the time on its clock, then sends
the queue as one batch when the connection returns. The whole batch is checked first: one
malformed item refuses the batch (ValidationError) and nothing is written. Each item then
runs in its own transaction with its ledger row (ReplayedAction, unique per learner and id):
an id already in the ledger is a duplicate and writes nothing, so a queue replayed twice
records once. Conflicts: completion is monotonic (a completed step stays completed); a
reflection or an H5P state replaces the server's only if the server's was saved before the
device recorded it (newest wins, by the device's clock, never later than its arrival).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.models import Page

from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.models import H5PPackage, H5PState
from courses import services as course_services
from courses.models import LessonPage, Reflection
from courses.selectors import step_record_id

from .models import ReplayedAction, ReplayKind, ReplayOutcome

MAX_ITEMS = 100
MAX_TEXT = 64 * 1024


@dataclass(frozen=True)
class ReplayItem:
    id: uuid.UUID
    kind: str
    recorded_at: datetime
    data: dict


def _field(item: dict, name: str, kind: type | tuple[type, ...]):
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ValidationError(_("Item field “%(name)s” is missing or invalid.") % {"name": name})
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ValidationError(_("Item field “%(name)s” is too long.") % {"name": name})
    return value


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Each item needs a valid id (a UUID).")) from exc


# The fields each kind carries besides id, type and recorded_at.
FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    ReplayKind.STEP_COMPLETE: {"step": int},
    ReplayKind.REFLECTION: {"lesson": int, "block": str, "answer": str},
    ReplayKind.XAPI: {"package": str, "page": int, "statement": dict},
    ReplayKind.H5P_STATE: {"package": str, "page": int, "state": str},
}


def _parse_item(item, now: datetime) -> ReplayItem:
    if not isinstance(item, dict):
        raise ValidationError(_("Each item must be a JSON object."))
    kind = item.get("type")
    if kind not in FIELDS:
        raise ValidationError(_("Unknown item type."))
    recorded = (
        parse_datetime(item["recorded_at"]) if isinstance(item.get("recorded_at"), str) else None
    )
    if recorded is None or timezone.is_naive(recorded):
        raise ValidationError(_("Each item needs recorded_at, a date and time with its zone."))
    data = {name: _field(item, name, expected) for name, expected in FIELDS[kind].items()}
    if "package" in data:
        data["package"] = _uuid(data["package"])
    # A device clock ahead of the server's never makes an answer "newer" than its arrival.
    return ReplayItem(_uuid(item.get("id")), kind, min(recorded, now), data)


def replay_parse(payload) -> list[ReplayItem]:
    """The batch's items, or ValidationError for the first malformed one (nothing written)."""
    items = payload.get("items") if isinstance(payload, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationError(_('Send {"items": [...]} with at least one item.'))
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("Send at most %(n)s items at a time.") % {"n": MAX_ITEMS})
    now = timezone.now()
    parsed = [_parse_item(item, now) for item in items]
    if len({p.id for p in parsed}) != len(parsed):
        raise ValidationError(_("The same id appears twice in the batch."))
    return parsed


def _step_complete(*, request, item: ReplayItem) -> str:
    step = Page.objects.live().get(pk=item.data["step"])
    course_services.step_complete(user=request.user, step=step)
    return ReplayOutcome.RECORDED


def _reflection(*, request, item: ReplayItem) -> str:
    lesson = LessonPage.objects.live().get(pk=item.data["lesson"])
    newer = Reflection.objects.filter(
        user=request.user,
        lesson_id=step_record_id(lesson),  # the source lesson's, in every language
        block_id=item.data["block"],
        updated_at__gt=item.recorded_at,
    ).exists()
    if newer:
        return ReplayOutcome.SUPERSEDED
    course_services.reflection_save(
        user=request.user, lesson=lesson, block_id=item.data["block"], answer=item.data["answer"]
    )
    return ReplayOutcome.RECORDED


def _package_page(request, item: ReplayItem):
    package = H5PPackage.objects.get(uuid=item.data["package"])
    # The same check as the player's own endpoints: a live page placing the package that the
    # learner may study (view restrictions are judged on the request).
    page = assessment_selectors.h5p_page_for(
        request=request, package=package, page_id=item.data["page"]
    )
    if page is None:
        raise PermissionDenied(_("You may not open this activity."))
    return package, page


def _xapi(*, request, item: ReplayItem) -> str:
    package, page = _package_page(request, item)
    assessment_services.h5p_statement_record(
        user=request.user, package=package, page=page, statement=item.data["statement"]
    )
    return ReplayOutcome.RECORDED


def _h5p_state(*, request, item: ReplayItem) -> str:
    package, _page = _package_page(request, item)
    newer = H5PState.objects.filter(
        user=request.user, package=package, updated_at__gt=item.recorded_at
    ).exists()
    if newer:
        return ReplayOutcome.SUPERSEDED
    assessment_services.h5p_state_save(user=request.user, package=package, data=item.data["state"])
    return ReplayOutcome.RECORDED


HANDLERS: dict[str, Callable[..., str]] = {
    ReplayKind.STEP_COMPLETE: _step_complete,
    ReplayKind.REFLECTION: _reflection,
    ReplayKind.XAPI: _xapi,
    ReplayKind.H5P_STATE: _h5p_state,
}


def _replay_one(*, request, item: ReplayItem) -> dict:
    user = request.user
    answer = {"id": str(item.id)}
    try:
        with transaction.atomic():
            if ReplayedAction.objects.filter(user=user, client_id=item.id).exists():
                return {**answer, "status": "duplicate"}
            outcome = HANDLERS[item.kind](request=request, item=item)
            ReplayedAction.objects.create(
                user=user,
                client_id=item.id,
                kind=item.kind,
                recorded_at=item.recorded_at,
                outcome=outcome,
            )
    except IntegrityError:  # the same id replayed concurrently: the other request recorded it
        return {**answer, "status": "duplicate"}
    except ObjectDoesNotExist:
        return {**answer, "status": "rejected", "message": _("This page no longer exists.")}
    except (ValidationError, PermissionDenied) as exc:
        message = " ".join(getattr(exc, "messages", None) or [str(exc)])
        return {**answer, "status": "rejected", "message": message}
    return {**answer, "status": outcome}


def replay_batch(*, request, items: list[ReplayItem]) -> list[dict]:
    """Record each parsed item once; one answer per item, in order: "recorded",
    "superseded" (a newer answer won), "duplicate" (already replayed) or "rejected" (with a
    message: the learner may not do it, or it no longer exists). Takes the request because
    H5P pages' view restrictions are judged on it, as in the player's own endpoints."""
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    return [_replay_one(request=request, item=item) for item in items]
