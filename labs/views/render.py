"""The HTML of a model exercise, for the lesson (its block) and for the labs views.

The learner-independent parts (intro, the form's fields at the starting assumptions, their
results) are rendered once per lesson, block, language and page-tree version; in the lesson
only the learner's own parts (their scenarios, their task result, the form's CSRF token) are
rendered per request, so nothing of one learner is ever cached into the shared HTML.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from learning.locales import source_id
from learning.pagetree import tree_version

from ..engine.base import Result
from ..exercise import Exercise, ExerciseUnavailable, exercise_from_value
from ..forms import ExerciseForm, answer_form_for
from ..presentation import result_view
from ..selectors import scenarios_for, task_result_for

SHARED_TIMEOUT = 600


def urls_for(exercise: Exercise) -> dict[str, str]:
    args = [exercise.page_id, exercise.block_id]
    return {
        name: reverse(f"labs:{name}", args=args)
        for name in ("exercise", "scenario_save", "compare", "export", "check")
    }


def inputs_rows(exercise: Exercise, form: ExerciseForm | None) -> list[dict]:
    """Each adjustable assumption with the value to show and its errors."""
    rows = []
    for a in exercise.adjustable():
        value, errors = a.value, []
        if form is not None and form.is_bound:
            value = form.data.get(a.name, a.value)
            errors = form.errors.get(a.name, [])
        rows.append(
            {"a": a, "value": value, "errors": errors, "id": f"lab-{exercise.block_id}-{a.name}"}
        )
    return rows


def shared_parts(
    exercise: Exercise, *, form: ExerciseForm | None = None, result: Result | None = None
) -> dict[str, SafeString]:
    """Intro, fields and results: at the starting assumptions when no form is given."""
    if form is None and result is None:
        result = exercise.run()
    context = {
        "exercise": exercise,
        "rows": inputs_rows(exercise, form),
        "form": form,
        "inputs_changed": form is not None and form.is_bound,
    }
    if result is not None:
        context["view"] = result_view(exercise, result)
    return {
        "intro_html": mark_safe(render_to_string("labs/includes/intro.html", context)),  # noqa: S308
        "inputs_html": mark_safe(render_to_string("labs/includes/inputs.html", context)),  # noqa: S308
        "results_html": mark_safe(render_to_string("labs/includes/results.html", context)),  # noqa: S308
    }


def shared_parts_cached(request, exercise: Exercise) -> dict[str, SafeString]:
    if getattr(request, "is_preview", False):
        return shared_parts(exercise)
    key = f"labs:exercise:{exercise.page_id}:{exercise.block_id}:{get_language()}:{tree_version()}"
    parts = cache.get(key)
    if parts is None:
        parts = {k: str(v) for k, v in shared_parts(exercise).items()}
        cache.set(key, parts, SHARED_TIMEOUT)
    return {k: mark_safe(v) for k, v in parts.items()}  # noqa: S308 (rendered above)


def learner_parts(request, exercise: Exercise) -> dict:
    """What only this learner sees: their scenarios and their task result (two queries)."""
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated:
        return {"scenarios": [], "task_result": None}
    where = {"user": user, "page_id": exercise.record_page_id, "block_id": exercise.block_id}
    return {"scenarios": scenarios_for(**where), "task_result": task_result_for(**where)}


def exercise_block_context(value, parent_context) -> dict:
    """The block's context in a lesson: the cached shared parts and the learner's own."""
    page = parent_context.get("page")
    block_id = parent_context.get("block_id")
    request = parent_context.get("request")
    if page is None or not block_id:
        return {"unavailable": True}
    try:
        exercise = exercise_from_value(
            value, page_id=page.pk, block_id=block_id, record_id=source_id(page)
        )
    except ExerciseUnavailable:
        return {"unavailable": True}
    return {
        "exercise": exercise,
        "urls": urls_for(exercise),
        "answer_form": answer_form_for(exercise),
        **shared_parts_cached(request, exercise),
        **learner_parts(request, exercise),
    }
