"""Lab tasks in the cohorts' progress matrix (the `cohort_step_scores` hook)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.utils.translation import gettext as _

from courses.models import LessonPage
from learning.pagetree import tree_version

from ..models import TaskResult
from .exercises import exercises_in


def _graded_blocks(step_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """{lesson id: ids of its graded exercises} for these steps, cached per page-tree version:
    the progress matrix asks on every view, and most steps have none."""
    version = tree_version()
    keys = {f"labs:graded:{version}:{pk}": pk for pk in step_ids}
    cached = cache.get_many(list(keys))
    found = {keys[key]: frozenset(value) for key, value in cached.items()}
    missing = [pk for pk in step_ids if pk not in found]
    if missing:
        fresh: dict[int, frozenset[str]] = {pk: frozenset() for pk in missing}
        for lesson in LessonPage.objects.filter(pk__in=missing).only("id", "title", "body"):
            fresh[lesson.pk] = frozenset(e.block_id for e in exercises_in(lesson) if e.graded)
        cache.set_many(
            {f"labs:graded:{version}:{pk}": sorted(ids) for pk, ids in fresh.items()}, 3600
        )
        found.update(fresh)
    return {pk: ids for pk, ids in found.items() if ids}


def task_scores(
    *, user_ids: Sequence[int], step_ids: Sequence[int]
) -> dict[tuple[int, int], float]:
    """{(user id, lesson id): % of the lesson's graded tasks passed}, for learners who tried
    at least one of them. At most two queries (none once cached for a course without tasks)."""
    if not user_ids or not step_ids:
        return {}
    graded = _graded_blocks(list(step_ids))
    if not graded:
        return {}
    passed: dict[tuple[int, int], int] = {}
    for user_id, page_id, block_id, is_passed in TaskResult.objects.filter(
        user_id__in=list(user_ids), page_id__in=list(graded)
    ).values_list("user_id", "page_id", "block_id", "passed"):
        if block_id in graded[page_id]:
            key = (user_id, page_id)
            passed[key] = passed.get(key, 0) + int(is_passed)
    return {key: 100.0 * n / len(graded[key[1]]) for key, n in passed.items()}


def _graded_exercises(*, course_id: int, step_ids: Sequence[int]) -> list[list]:
    """[[lesson id, block id, title], ...] of the graded model exercises, in course order,
    cached per page-tree version."""
    key = f"labs:gradebook:{tree_version()}:{course_id}"
    found = cache.get(key)
    if found is None:
        order = {pk: i for i, pk in enumerate(step_ids)}
        lessons = sorted(
            LessonPage.objects.filter(pk__in=list(step_ids)).only("id", "title", "body"),
            key=lambda lesson: order.get(lesson.pk, 0),
        )
        found = [
            [e.page_id, e.block_id, e.title or e.page_title]
            for lesson in lessons
            for e in exercises_in(lesson)
            if e.graded and e.block_id
        ]
        cache.set(key, found, 3600)
    return found


def task_items(*, course_id: int, step_ids: Sequence[int], user_ids: Sequence[int]) -> list[dict]:
    """One gradebook item per graded model task (the cohorts app's `cohort_graded_items`
    hook): 100 once passed, 0 while tried and not passed, no score before a try. One query
    for every learner (none more once the course's tasks are cached)."""
    exercises = _graded_exercises(course_id=course_id, step_ids=step_ids)
    if not exercises:
        return []
    scores: dict[tuple[int, str], dict[int, float]] = {(p, b): {} for p, b, _t in exercises}
    if user_ids:
        for user_id, page_id, block_id, is_passed in TaskResult.objects.filter(
            user_id__in=list(user_ids), page_id__in={p for p, _b, _t in exercises}
        ).values_list("user_id", "page_id", "block_id", "passed"):
            if (page_id, block_id) in scores:
                scores[(page_id, block_id)][user_id] = 100.0 if is_passed else 0.0
    return [
        {
            "key": f"lab-{page}-{block}",
            "step_id": page,
            "title": title,
            "kind": _("Model task"),
            "method": _("Passed (100) or not yet (0)"),
            "scores": scores[(page, block)],
        }
        for page, block, title in exercises
    ]
