"""The model exercises of a course, read from the lessons' raw JSON: no block value (and no
snippet per block) is built, and a lesson saved before a model was removed still reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from courses.models import LessonPage

from ..models import Scenario

MODEL_EXERCISE = "model_exercise"
GRADED_KINDS = ("target", "answer")


@dataclass(frozen=True)
class ExerciseRef:
    """A model exercise as a trainer's page needs it, from the block's raw JSON."""

    page_id: int
    page_title: str
    block_id: str
    title: str
    model: str
    profile_id: int | None
    values: dict[str, object]  # the editor's starting assumptions
    adjustable: tuple[str, ...]  # the ones learners may change
    task_kind: str = ""
    output: str = ""
    year: int | None = None

    @property
    def graded(self) -> bool:
        return self.task_kind in GRADED_KINDS


def _items(raw) -> list[dict]:
    """A ListBlock's raw value: [{"type": "item", "value": {...}}] or, older, [{...}]."""
    rows = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("value"), dict) and "type" in item:
            rows.append(item["value"])
        elif isinstance(item, dict):
            rows.append(item)
    return rows


def _year(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def exercises_in(lesson) -> list[ExerciseRef]:
    """The model exercises of one lesson, in body order."""
    found = []
    for block in getattr(lesson.body, "raw_data", []) or []:
        if not isinstance(block, dict) or block.get("type") != MODEL_EXERCISE:
            continue
        raw = block.get("value")
        value: dict = raw if isinstance(raw, dict) else {}
        rows = [r for r in _items(value.get("assumptions")) if str(r.get("name") or "").strip()]
        profile = value.get("profile")
        found.append(
            ExerciseRef(
                page_id=lesson.pk,
                page_title=lesson.title,
                block_id=str(block.get("id") or ""),
                title=str(value.get("title") or ""),
                model=str(value.get("model") or ""),
                profile_id=profile if isinstance(profile, int) else None,
                values={str(r["name"]).strip(): r.get("value") for r in rows},
                adjustable=tuple(str(r["name"]).strip() for r in rows if r.get("adjustable")),
                task_kind=str(value.get("task_kind") or ""),
                output=str(value.get("output") or ""),
                year=_year(value.get("year")),
            )
        )
    return found


def course_exercises(*, course) -> list[ExerciseRef]:
    """Every model exercise in the course's live lessons, in tree order (one query)."""
    lessons = (
        LessonPage.objects.live()
        .descendant_of(course)
        .order_by("path")
        .only("id", "title", "body", "path")
    )
    return [exercise for lesson in lessons for exercise in exercises_in(lesson)]


def course_exercise(*, course, page_id: int, block_id: str) -> ExerciseRef | None:
    """One exercise of this course; None when the page is not a live lesson of the course or
    has no such block (a forged address)."""
    lesson = (
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(pk=page_id)
        .only("id", "title", "body", "path")
        .first()
    )
    if lesson is None:
        return None
    return next((e for e in exercises_in(lesson) if e.block_id == block_id), None)


def scenario_counts(*, exercises: list[ExerciseRef], user_ids) -> dict[tuple[int, str], tuple]:
    """{(page id, block id): (scenarios, learners)} saved by these users (a list or a
    subquery of ids) on these exercises, in one query."""
    if not exercises:
        return {}
    return {
        (page_id, block_id): (n, learners)
        for page_id, block_id, n, learners in Scenario.objects.filter(
            page_id__in={e.page_id for e in exercises}, user_id__in=user_ids
        )
        .values("page_id", "block_id")
        .annotate(n=Count("pk"), learners=Count("user_id", distinct=True))
        .values_list("page_id", "block_id", "n", "learners")
    }
