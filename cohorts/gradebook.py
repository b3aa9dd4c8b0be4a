"""Reads of a cohort's gradebook: every active member x every graded item of the course, with
the trainers' overrides (docs/decisions/cohorts-gradebook.md).

The items come from the apps that grade (quizzes and H5P activities from assessments, model
tasks from labs) through the `cohort_graded_items` hook (cohorts/hooks.py): the cohorts app
never imports them. The page costs a fixed number of queries whatever the number of learners:
the members, the overrides, and each item type's own bulk reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail import hooks

from learning.roles import is_administrator

from .gradebook_models import GradeOverride
from .hooks import GRADED_ITEMS
from .models import Cohort, Membership
from .selectors import MemberRef, cohort_steps, cohorts_for_trainer


def may_grade(*, user, cohort: Cohort) -> bool:
    """The cohort's trainers and the platform's administrators (staff)."""
    if not user.is_authenticated:
        return False
    return is_administrator(user) or cohort.trainers.filter(pk=user.pk).exists()


def cohort_for_grading(*, user, pk: int) -> Cohort:
    """The cohort if this person may see its gradebook; 404 otherwise, so that another
    trainer's cohorts are not even known to exist."""
    if not user.is_authenticated:
        raise Http404
    cohorts = Cohort.objects.select_related("course")
    if not is_administrator(user):
        cohorts = cohorts_for_trainer(user)
    return get_object_or_404(cohorts, pk=pk)


@dataclass(slots=True)
class GradeItem:
    key: str
    step_id: int
    title: str
    kind: str
    method: str
    scores: dict[int, float] = field(default_factory=dict)


@dataclass(slots=True)
class GradeCell:
    item: GradeItem
    computed: float | None
    override: GradeOverride | None = None

    @property
    def grade(self) -> float | None:
        """What counts: the override when there is one, else the computed grade."""
        if self.override is not None:
            return float(self.override.score)
        return self.computed


@dataclass(slots=True)
class GradeRow:
    user: MemberRef
    cells: list[GradeCell]

    @property
    def average(self) -> float | None:
        """The mean of the grades the learner has (items without a grade left out)."""
        grades = [c.grade for c in self.cells if c.grade is not None]
        return round(sum(grades) / len(grades), 2) if grades else None


@dataclass
class Gradebook:
    cohort: Cohort
    items: list[GradeItem]
    rows: list[GradeRow]

    @property
    def override_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.override is not None)


def graded_items(*, cohort: Cohort, user_ids: list[int]) -> list[GradeItem]:
    """The course's graded items in course order (by step, then as each app gives them),
    with the scores of these learners."""
    steps = cohort_steps(cohort)
    step_ids = [column.page.pk for column in steps]
    if not step_ids:
        return []
    order = {pk: i for i, pk in enumerate(step_ids)}
    items: list[GradeItem] = []
    for fn in hooks.get_hooks(GRADED_ITEMS):
        for raw in fn(course_id=cohort.course_id, step_ids=step_ids, user_ids=user_ids) or []:
            if raw.get("step_id") not in order:
                continue
            items.append(
                GradeItem(
                    key=str(raw["key"]),
                    step_id=raw["step_id"],
                    title=str(raw.get("title") or ""),
                    kind=str(raw.get("kind") or ""),
                    method=str(raw.get("method") or ""),
                    scores=dict(raw.get("scores") or {}),
                )
            )
    items.sort(key=lambda item: order[item.step_id])  # stable: each app's order kept
    return items


def cohort_gradebook(*, cohort: Cohort) -> Gradebook:
    """Every active member (by name) x every graded item, overrides applied."""
    members = list(
        Membership.objects.active()
        .filter(cohort=cohort)
        .order_by("user__full_name", "user__email")
        .values_list("user_id", "user__full_name", "user__email")
    )
    user_ids = [user_id for user_id, _name, _email in members]
    items = graded_items(cohort=cohort, user_ids=user_ids) if user_ids else []
    overrides: dict[tuple[int, str], GradeOverride] = {}
    if items:
        overrides = {
            (o.user_id, o.item_key): o
            for o in GradeOverride.objects.filter(
                cohort=cohort,
                user__in=Membership.objects.active().filter(cohort=cohort).values("user_id"),
            )
        }
    rows = [
        GradeRow(
            user=MemberRef(user_id, name, email),
            cells=[
                GradeCell(
                    item=item,
                    computed=item.scores.get(user_id),
                    override=overrides.get((user_id, item.key)),
                )
                for item in items
            ],
        )
        for user_id, name, email in members
    ]
    return Gradebook(cohort=cohort, items=items, rows=rows)


@dataclass
class GradeEntry:
    """One learner's grade on one item, for the override form."""

    member: MemberRef
    item: GradeItem
    computed: float | None
    override: GradeOverride | None


def grade_entry(*, cohort: Cohort, user_id: int, item_key: str) -> GradeEntry | None:
    """The cell of an active member and an item of the cohort's course; None otherwise."""
    member = (
        Membership.objects.active()
        .filter(cohort=cohort, user_id=user_id)
        .values_list("user_id", "user__full_name", "user__email")
        .first()
    )
    if member is None:
        return None
    items = graded_items(cohort=cohort, user_ids=[user_id])
    item = next((i for i in items if i.key == item_key), None)
    if item is None:
        return None
    override = GradeOverride.objects.filter(
        cohort=cohort, user_id=user_id, item_key=item_key
    ).first()
    return GradeEntry(
        member=MemberRef(*member),
        item=item,
        computed=item.scores.get(user_id),
        override=override,
    )


def as_decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
