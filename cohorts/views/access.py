"""How a trainer's view finds its objects. Every view finds its cohort through `cohort_for`,
which answers 404 for a cohort the person does not train; the two pages that name no cohort
(the list and the form of a new one) answer 403 to someone who is not a trainer
(docs/decisions/certificates-staff-scope.md)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from learning.safeinput import ASCII_INT

from .. import selectors
from ..models import Cohort, LiveSession

_MAX_ID = 2**31 - 1


def parse_id(raw: str) -> int | None:
    """A row id from a form value: ASCII digits only ("²" is a digit to Python but not to
    int()), and small enough for the database."""
    if not ASCII_INT.fullmatch(raw) or int(raw) > _MAX_ID:
        return None
    return int(raw)


def trainer_only(request) -> None:
    if not selectors.is_trainer(request.user):
        raise PermissionDenied


def cohort_for(request, pk: int) -> Cohort:
    return selectors.cohort_for_trainer(user=request.user, pk=pk)


def session_for(cohort: Cohort, sid: int) -> LiveSession:
    return get_object_or_404(LiveSession.objects.select_related("cohort"), pk=sid, cohort=cohort)
