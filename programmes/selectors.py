"""Reads of the programmes app: who may see which programme, and the figures of each.

Staff (administrators, and trainers of a cohort in the programme) see the programme page with
its cohorts; partners (funders) see the report of the programmes they are linked to, which
holds aggregates only. A programme someone may not read answers 404, so that its existence
does not leak (docs/decisions/certificates-staff-scope.md).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from cohorts.models import Cohort
from learning.roles import Role, has_role, is_administrator

from .aggregates import Group, group_of
from .models import Programme
from .reporting import Fact


def is_partner(user) -> bool:
    return has_role(user, Role.PARTNER)


def may_list_programmes(user) -> bool:
    """Whether the list of programmes is for this person (administrators, trainers, partners)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_administrator(user) or has_role(user, Role.TRAINER) or is_partner(user)


def programmes_staffed_by(user) -> QuerySet[Programme]:
    """Programmes whose page this person may open: all for administrators, those with a cohort
    they train for trainers, none for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    if is_administrator(user):
        return Programme.objects.all()
    if not has_role(user, Role.TRAINER):
        return Programme.objects.none()
    return Programme.objects.filter(
        pk__in=Programme.objects.filter(cohorts__trainers=user).values("pk")
    )


def programmes_readable_by(user) -> QuerySet[Programme]:
    """Programmes whose report this person may read: staff's, and a partner's own."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    if is_administrator(user):
        return Programme.objects.all()
    condition = Q(pk__in=programmes_staffed_by(user).values("pk"))
    if is_partner(user):
        condition |= Q(partners=user)
    return Programme.objects.filter(
        pk__in=Programme.objects.filter(condition).values("pk")
    ).order_by("name")


def programme_for_staff(*, user, pk: int) -> Programme:
    programme = programmes_staffed_by(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def programme_for_reader(*, user, pk: int) -> Programme:
    programme = programmes_readable_by(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def is_staff_of(*, user, programme: Programme) -> bool:
    return programmes_staffed_by(user).filter(pk=programme.pk).exists()


@dataclass
class CohortLine:
    cohort: Cohort
    figures: Group


def cohort_lines(cohorts: list[Cohort], facts: list[Fact]) -> list[CohortLine]:
    """Each cohort of the programme with its totals (for staff: no suppression)."""
    by_cohort: dict[int, list[Fact]] = {c.pk: [] for c in cohorts}
    for fact in facts:
        by_cohort[fact.cohort_id].append(fact)
    return [CohortLine(c, group_of(str(c.pk), c.name, by_cohort[c.pk])) for c in cohorts]
