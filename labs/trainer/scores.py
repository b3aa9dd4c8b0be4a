"""Lab tasks in the cohorts' progress matrix (the `cohort_step_scores` hook)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache

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
