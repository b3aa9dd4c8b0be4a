"""Trainers' view of the actuarial labs: the course's model exercises, and one exercise's saved
scenarios of the cohort's members side by side (for a live session), with an XLSX export.

The cohort is found through `access.cohort_for` (404 for a cohort the person does not train);
the exercise must be in the cohort's course, and only the cohort's active members' scenarios
are ever read (labs.trainer limits every query to the ids it is given)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from labs import trainer

from .. import selectors
from ..exports import Table, table_xlsx
from .access import cohort_for, parse_id

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def cohort_labs(request, pk):
    cohort = cohort_for(request, pk)
    exercises = trainer.course_exercises(course=cohort.course)
    members = selectors.cohort_member_names(cohort=cohort)
    counts = trainer.scenario_counts(exercises=exercises, user_ids=list(members))
    rows = [(e, *counts.get((e.page_id, e.block_id), (0, 0))) for e in exercises]
    return render(
        request,
        "cohorts/trainer/labs.html",
        {"cohort": cohort, "rows": rows, "members": len(members)},
    )


def _ids(request, name: str) -> tuple[list[int], bool]:
    """The ids given as `name` (repeated), and whether some were not ids at all."""
    raw = request.GET.getlist(name)[:500]
    ids = [parse_id(value) for value in raw]
    return [i for i in ids if i is not None], any(i is None for i in ids)


def _filters(request) -> dict:
    learners, bad_learners = _ids(request, "learner")
    scenarios, bad_scenarios = _ids(request, "scenario")
    year = parse_id(request.GET.get("year", "")) if request.GET.get("year") else None
    bad_year = bool(request.GET.get("year")) and year is None
    return {
        "learner_ids": learners,
        "scenario_ids": scenarios,
        "year": year,
        "refused": bad_learners or bad_scenarios or bad_year,
    }


def _exercise(cohort, page_id: int, block_id: str):
    exercise = trainer.course_exercise(course=cohort.course, page_id=page_id, block_id=block_id)
    if exercise is None:
        raise Http404
    return exercise


@login_required
def cohort_lab_scenarios(request, pk, page_id, block_id):
    cohort = cohort_for(request, pk)
    exercise = _exercise(cohort, page_id, block_id)
    filters = _filters(request)
    refused = filters.pop("refused")
    comparison = trainer.scenario_comparison(
        exercise=exercise,
        members=selectors.cohort_member_names(cohort=cohort),
        page=request.GET.get("page"),
        **filters,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cohorts/trainer/lab_scenarios.html",
        {
            "cohort": cohort,
            "exercise": exercise,
            "comparison": comparison,
            "large": request.GET.get("large") == "1",
            "refused": refused,
            "query": query.urlencode(),
            "export_limit": trainer.EXPORT_LIMIT,
        },
        status=400 if refused else 200,
    )


@login_required
def cohort_lab_export(request, pk, page_id, block_id):
    cohort = cohort_for(request, pk)
    exercise = _exercise(cohort, page_id, block_id)
    filters = _filters(request)
    if filters.pop("refused"):
        return HttpResponse(
            _("Some filters are not valid ids: nothing was exported."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    header, rows = trainer.comparison_export(
        exercise=exercise, members=selectors.cohort_member_names(cohort=cohort), **filters
    )
    title = exercise.title or exercise.page_title
    response = HttpResponse(table_xlsx(Table(title=title, header=header, rows=rows)))
    response["Content-Type"] = XLSX
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{cohort.pk}-scenarios-{exercise.page_id}.xlsx"'
    )
    return response
