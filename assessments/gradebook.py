"""Quizzes and required H5P activities as columns of a cohort's gradebook (the cohorts app's
`cohort_graded_items` hook; cohorts/hooks.py gives the shape of an item).

Each item type costs a fixed number of queries whatever the number of learners: quizzes one
for the quizzes and one for every attempt; H5P activities one for the best result of each
(learner, activity), the lessons' required activities being cached under the page tree's
version. A learner without a result has no score (an empty cell), never 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import gettext as _

from courses.models import LessonPage
from learning.pagetree import tree_version

from .h5p.blocks import H5P_BLOCK
from .models import Attempt, AttemptState, GradingMethod, H5PPackage, H5PResult, QuizPage
from .services.quiz import quiz_grade


def quiz_items(*, step_ids: Sequence[int], user_ids: Sequence[int]) -> list[dict]:
    """One item per quiz among the steps, graded by the quiz's own method (highest, last or
    average of the submitted attempts)."""
    quizzes = list(
        QuizPage.objects.filter(pk__in=list(step_ids)).values_list("pk", "title", "grading_method")
    )
    if not quizzes:
        return []
    methods = {pk: method for pk, _title, method in quizzes}
    scores: dict[tuple[int, int], list] = {}
    if user_ids:
        for user_id, quiz_id, score in (
            Attempt.objects.filter(
                user_id__in=list(user_ids), quiz_id__in=methods, state=AttemptState.SUBMITTED
            )
            .order_by("submitted_at", "id")
            .values_list("user_id", "quiz_id", "score")
        ):
            scores.setdefault((user_id, quiz_id), []).append(score)
    by_quiz: dict[int, dict[int, float]] = {pk: {} for pk in methods}
    for (user_id, quiz_id), values in scores.items():
        grade = quiz_grade(scores=values, method=methods[quiz_id])
        if grade is not None:
            by_quiz[quiz_id][user_id] = float(grade)
    return [
        {
            "key": f"quiz-{pk}",
            "step_id": pk,
            "title": title,
            "kind": _("Quiz"),
            "method": str(GradingMethod(method).label) if method in GradingMethod else method,
            "scores": by_quiz[pk],
        }
        for pk, title, method in quizzes
    ]


def _required_activities(*, course_id: int, step_ids: Sequence[int]) -> list[list]:
    """[[lesson id, package id, title], ...] of the H5P activities the lessons require, in
    body order, cached per page-tree version (reading every lesson's body is the cost)."""
    key = f"assessments:gradebook-h5p:v2:{tree_version()}:{course_id}"
    found = cache.get(key)
    if found is not None:
        return found
    found = []
    lessons = list(
        LessonPage.objects.filter(pk__in=list(step_ids)).only(
            "id", "title", "body", "translation_key"
        )
    )
    # Packages a translation places in a required block of the lesson count for it too.
    others: dict = {}
    if lessons:
        for translation_key, body in (
            LessonPage.objects.filter(translation_key__in=[p.translation_key for p in lessons])
            .exclude(pk__in=[p.pk for p in lessons])
            .values_list("translation_key", "body")
        ):
            for block in getattr(body, "raw_data", body) or []:
                value = block.get("value") if isinstance(block, dict) else None
                if isinstance(value, dict) and isinstance(value.get("package"), int):
                    others.setdefault((translation_key, block.get("id")), set()).add(
                        value["package"]
                    )
    for lesson in lessons:
        seen = set()
        for block in getattr(lesson.body, "raw_data", []) or []:
            value = block.get("value") if isinstance(block, dict) else None
            if block.get("type") != H5P_BLOCK or not isinstance(value, dict):
                continue
            package = value.get("package")
            if not value.get("required") or not isinstance(package, int) or package in seen:
                continue
            seen.add(package)
            also = sorted(others.get((lesson.translation_key, block.get("id")), set()) - {package})
            found.append([lesson.pk, package, str(value.get("title") or "").strip(), also])
    titles: dict[int, str] = {}
    missing = {pkg for _page, pkg, title, _also in found if not title}
    if missing:
        titles = dict(H5PPackage.objects.filter(pk__in=missing).values_list("pk", "title"))
    found = [[page, pkg, title or titles.get(pkg, ""), also] for page, pkg, title, also in found]
    order = {pk: i for i, pk in enumerate(step_ids)}
    found.sort(key=lambda row: order.get(row[0], 0))
    cache.set(key, found, 3600)
    return found


def h5p_items(*, course_id: int, step_ids: Sequence[int], user_ids: Sequence[int]) -> list[dict]:
    """One item per H5P activity a lesson requires, graded by the learner's best result
    reported in that lesson."""
    activities = _required_activities(course_id=course_id, step_ids=step_ids)
    if not activities:
        return []
    best: dict[tuple[int, int], dict[int, float]] = {(p, k): {} for p, k, _t, _a in activities}
    # A result for a translation's package counts for the source package's column.
    column = {(p, o): (p, k) for p, k, _t, also in activities for o in (k, *also)}
    if user_ids:
        for user_id, page_id, package_id, scaled in (
            H5PResult.objects.filter(
                user_id__in=list(user_ids),
                page_id__in={p for p, _k in column},
                package_id__in={k for _p, k in column},
            )
            .values("user_id", "page_id", "package_id")
            .annotate(best=Max("scaled"))
            .values_list("user_id", "page_id", "package_id", "best")
        ):
            key = column.get((page_id, package_id))
            if key is not None:
                score = round(float(scaled) * 100, 2)
                best[key][user_id] = max(score, best[key].get(user_id, 0.0))
    return [
        {
            "key": f"h5p-{page}-{package}",
            "step_id": page,
            "title": title,
            "kind": _("Interactive activity"),
            "method": _("Best result"),
            "scores": best[(page, package)],
        }
        for page, package, title, _also in activities
    ]


def graded_items(*, course_id: int, step_ids: Sequence[int], user_ids: Sequence[int]) -> list:
    return quiz_items(step_ids=step_ids, user_ids=user_ids) + h5p_items(
        course_id=course_id, step_ids=step_ids, user_ids=user_ids
    )
