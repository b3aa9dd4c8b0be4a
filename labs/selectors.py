"""Reads of the labs app: a lesson's exercises and a learner's own scenarios and results.

Every learner record is read through the learner: another person's scenario is simply not
found (a 404 for the views), never a permission error that admits it exists.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import LessonPage
from learning.locales import source_id

from .exercise import MODEL_EXERCISE_BLOCK, Exercise, ExerciseUnavailable, exercise_from_value
from .models import Scenario, TaskResult

# A learner keeps at most this many scenarios per exercise; a comparison shows at most this many.
SCENARIOS_MAX = 30
COMPARE_MAX = 6


def lesson_for_exercise(*, page_id: int) -> LessonPage:
    """The live lesson that no view restriction hides; Http404 otherwise."""
    lesson = LessonPage.objects.live().public().filter(pk=page_id).first()
    if lesson is None:
        raise Http404
    return lesson


def exercise_in(lesson: LessonPage, block_id: str) -> Exercise:
    """The model exercise `block_id` of this lesson; Http404 for any other block or id. Only
    that block's value is built (from its position in the raw data)."""
    for index, item in enumerate(lesson.body.raw_data):
        if item.get("id") == block_id and item.get("type") == MODEL_EXERCISE_BLOCK:
            try:
                return exercise_from_value(
                    lesson.body[index].value,
                    page_id=lesson.pk,
                    block_id=block_id,
                    record_id=source_id(lesson),
                )
            except ExerciseUnavailable:
                raise Http404 from None
    raise Http404


def required_exercise_ids(lesson) -> list[str]:
    """Ids of the lesson's model exercises marked "required", in body order (read from the raw
    JSON: no block value is built)."""
    return [
        str(item.get("id"))
        for item in getattr(getattr(lesson, "body", None), "raw_data", None) or []
        if isinstance(item, dict)
        and item.get("type") == MODEL_EXERCISE_BLOCK
        and isinstance(item.get("value"), dict)
        and item["value"].get("required")
        and item["value"].get("task_kind")
    ]


def scenarios_for(*, user, page_id: int, block_id: str) -> list[Scenario]:
    return list(
        Scenario.objects.filter(user=user, page_id=page_id, block_id=block_id).only(
            "id", "name", "values", "created_at", "updated_at", "model"
        )
    )


def scenarios_chosen(*, user, page_id: int, block_id: str, ids) -> list[Scenario]:
    """The learner's own scenarios of this exercise among `ids` (forged or foreign ids:
    Http404, so that nobody learns whether another person's scenario exists)."""
    try:
        wanted = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise Http404 from None
    if not wanted:
        return []
    found = list(
        Scenario.objects.filter(user=user, page_id=page_id, block_id=block_id, pk__in=wanted)
    )
    if len(found) != len(wanted):
        raise Http404
    return found


def task_result_for(*, user, page_id: int, block_id: str) -> TaskResult | None:
    return TaskResult.objects.filter(user=user, page_id=page_id, block_id=block_id).first()


def exercises_passed(*, user, pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (page id, block id) tasks the learner has passed, in one query."""
    if not pairs:
        return set()
    found = TaskResult.objects.filter(
        user=user,
        passed=True,
        page_id__in={page for page, _block in pairs},
        block_id__in={block for _page, block in pairs},
    ).values_list("page_id", "block_id")
    return set(found) & set(pairs)


def exercise_step_unmet(*, user, step) -> list[str]:
    """Messages for the lesson's required model exercises the learner has not passed."""
    required = required_exercise_ids(step)
    if not required:
        return []
    page_id = source_id(step)
    passed = exercises_passed(user=user, pairs=[(page_id, block_id) for block_id in required])
    missing = len({(page_id, b) for b in required} - passed)
    if not missing:
        return []
    return [
        ngettext(
            "Pass the model exercise in this lesson.",
            "Pass the %(n)s model exercises in this lesson.",
            missing,
        )
        % {"n": missing}
    ]


def exercise_completion_unmet(*, user, course) -> list[str]:
    """Messages for the required model exercises of a course the learner has not passed."""
    lessons = LessonPage.objects.live().descendant_of(course).only("id", "title", "body")
    required = [
        (lesson.pk, block_id, lesson.title)
        for lesson in lessons
        for block_id in required_exercise_ids(lesson)
    ]
    if not required:
        return []
    passed = exercises_passed(user=user, pairs=[(page, block) for page, block, _t in required])
    return [
        _("Pass the model exercise in “%(lesson)s”.") % {"lesson": title}
        for page, block, title in required
        if (page, block) not in passed
    ]
