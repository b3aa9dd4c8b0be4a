"""The learner's saved scenarios: save, delete, compare side by side, export to XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..compare import comparison_for
from ..export import comparison_workbook
from ..forms import ExerciseForm, ScenarioForm
from ..models import Scenario
from ..selectors import COMPARE_MAX, scenarios_chosen
from .exercise import _found, _refused, back_to_exercise, errors_by_field, exercise_page
from .render import urls_for


@login_required
@require_POST
def scenario_save_view(request, page_id: int, block_id: str):
    try:
        lesson, exercise = _found(request, page_id, block_id)
    except PermissionDenied as exc:
        from ..selectors import lesson_for_exercise  # noqa: PLC0415

        return _refused(request, exc, lesson_for_exercise(page_id=page_id))
    form = ExerciseForm(exercise, request.POST)
    naming = ScenarioForm(request.POST)
    name = request.POST.get("name", "")[:100]
    if not form.is_valid() or not naming.is_valid():
        errors = list(naming.errors.get("name", [])) + list(naming.non_field_errors())
        return exercise_page(
            request, lesson, exercise, form, status=400, save_errors=errors, scenario_name=name
        )
    try:
        scenario = services.scenario_save(
            user=request.user,
            lesson=lesson,
            exercise=exercise,
            name=naming.cleaned_data["name"],
            values=form.learner_values(),
            replace=naming.cleaned_data["replace"],
        )
    except ValidationError as exc:
        found = errors_by_field(exc)
        errors = found.get("name", []) + found.get("__all__", [])
        if not errors:
            errors = [m for errs in found.values() for m in errs]
        return exercise_page(
            request, lesson, exercise, form, status=400, save_errors=errors, scenario_name=name
        )
    messages.success(request, _("Scenario “%(name)s” saved.") % {"name": scenario.name})
    return redirect(back_to_exercise(exercise, scenario.values) + f"#lab-{block_id}")


@login_required
@require_POST
def scenario_delete_view(request, page_id: int, block_id: str, scenario_id: int):
    try:
        lesson, exercise = _found(request, page_id, block_id)
    except PermissionDenied as exc:
        from ..selectors import lesson_for_exercise  # noqa: PLC0415

        return _refused(request, exc, lesson_for_exercise(page_id=page_id))
    scenario = Scenario.objects.filter(
        pk=scenario_id, user=request.user, page_id=lesson.pk, block_id=exercise.block_id
    ).first()
    if scenario is None:
        raise Http404
    services.scenario_delete(user=request.user, scenario=scenario)
    messages.success(request, _("Scenario “%(name)s” deleted.") % {"name": scenario.name})
    return redirect(urls_for(exercise)["exercise"] + f"#lab-{block_id}")


def _chosen(request, page_id: int, block_id: str):
    lesson, exercise = _found(request, page_id, block_id)
    ids = request.GET.getlist("scenario")
    if len(ids) > COMPARE_MAX:
        raise ValidationError(_("Compare at most %(n)s scenarios at a time.") % {"n": COMPARE_MAX})
    scenarios = scenarios_chosen(
        user=request.user, page_id=lesson.pk, block_id=exercise.block_id, ids=ids
    )
    if len(scenarios) < 2:
        raise ValidationError(_("Tick at least two of your scenarios to compare them."))
    return lesson, exercise, scenarios


def _refuse_choice(request, page_id, block_id, exc):
    if isinstance(exc, PermissionDenied):
        from ..selectors import lesson_for_exercise  # noqa: PLC0415

        return _refused(request, exc, lesson_for_exercise(page_id=page_id))
    messages.error(request, " ".join(exc.messages))
    lesson, exercise = _found(request, page_id, block_id)
    return exercise_page(request, lesson, exercise, ExerciseForm(exercise), status=400)


@login_required
@require_GET
def compare_view(request, page_id: int, block_id: str):
    try:
        lesson, exercise, scenarios = _chosen(request, page_id, block_id)
    except (PermissionDenied, ValidationError) as exc:
        return _refuse_choice(request, page_id, block_id, exc)
    context = {
        "page": lesson,
        "lesson": lesson,
        "exercise": exercise,
        "urls": urls_for(exercise),
        "comparison": comparison_for(exercise, scenarios),
        "ids": [s.pk for s in scenarios],
    }
    return render(request, "labs/compare.html", context)


@login_required
@require_GET
def export_view(request, page_id: int, block_id: str):
    try:
        lesson, exercise, scenarios = _chosen(request, page_id, block_id)
    except (PermissionDenied, ValidationError) as exc:
        return _refuse_choice(request, page_id, block_id, exc)
    data = comparison_workbook(exercise, comparison_for(exercise, scenarios))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="scenarios.xlsx"'
    return response
