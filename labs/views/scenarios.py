"""The learner's saved scenarios: save, delete, compare side by side, export to XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
from .exercise import back_to_exercise, errors_by_field, exercise_page, studying
from .render import urls_for


@login_required
@require_POST
@studying
def scenario_save_view(request, lesson, exercise):
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
    return redirect(back_to_exercise(exercise, scenario.values) + f"#lab-{exercise.block_id}")


@login_required
@require_POST
@studying
def scenario_delete_view(request, lesson, exercise, scenario_id: int):
    scenario = Scenario.objects.filter(
        pk=scenario_id,
        user=request.user,
        page_id=exercise.record_page_id,
        block_id=exercise.block_id,
    ).first()
    if scenario is None:
        raise Http404
    services.scenario_delete(user=request.user, scenario=scenario)
    messages.success(request, _("Scenario “%(name)s” deleted.") % {"name": scenario.name})
    return redirect(urls_for(exercise)["exercise"] + f"#lab-{exercise.block_id}")


def _chosen(request, lesson, exercise):
    ids = request.GET.getlist("scenario")
    if len(ids) > COMPARE_MAX:
        raise ValidationError(_("Compare at most %(n)s scenarios at a time.") % {"n": COMPARE_MAX})
    scenarios = scenarios_chosen(
        user=request.user, page_id=exercise.record_page_id, block_id=exercise.block_id, ids=ids
    )
    if len(scenarios) < 2:
        raise ValidationError(_("Tick at least two of your scenarios to compare them."))
    return scenarios


def _refuse_choice(request, lesson, exercise, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))
    return exercise_page(request, lesson, exercise, ExerciseForm(exercise), status=400)


@login_required
@require_GET
@studying
def compare_view(request, lesson, exercise):
    try:
        scenarios = _chosen(request, lesson, exercise)
    except ValidationError as exc:
        return _refuse_choice(request, lesson, exercise, exc)
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
@studying
def export_view(request, lesson, exercise):
    try:
        scenarios = _chosen(request, lesson, exercise)
    except ValidationError as exc:
        return _refuse_choice(request, lesson, exercise, exc)
    data = comparison_workbook(exercise, comparison_for(exercise, scenarios))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="scenarios.xlsx"'
    return response
