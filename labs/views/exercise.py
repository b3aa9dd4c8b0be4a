"""Running a model exercise: its page (the form posted without JavaScript) and the results
fragment JavaScript fetches as the learner moves a slider; checking a graded task."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from courses.selectors import course_for_step
from courses.services import step_access_assert
from courses.views.steps import step_forbidden

from .. import services
from ..forms import ExerciseForm, answer_form_for
from ..presentation import result_view
from ..selectors import exercise_in, lesson_for_exercise
from .render import learner_parts, shared_parts, urls_for


def studying(view):
    """For a learner's exercise view: find the live lesson and its exercise (404s), refuse a
    learner who may not study the lesson now (the course's explanation page), and call the
    view with them in place of the two ids."""

    @functools.wraps(view)
    def wrapped(request, page_id: int, block_id: str, *args, **kwargs):
        lesson = lesson_for_exercise(page_id=page_id)
        exercise = exercise_in(lesson, block_id)
        try:
            step_access_assert(user=request.user, step=lesson)
        except PermissionDenied as exc:
            return step_forbidden(request, str(exc), course_for_step(lesson))
        return view(request, lesson, exercise, *args, **kwargs)

    return wrapped


def _field_errors(form: ExerciseForm) -> list[tuple[str, list[str]]]:
    labels = {name: field.label for name, field in form.fields.items()}
    return [(labels.get(name, "") or "", list(errs)) for name, errs in form.errors.items()]


def errors_by_field(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def exercise_page(request, lesson, exercise, form, *, status=200, **extra):
    """The exercise on its own page with the learner's inputs and results (or errors)."""
    result = form.run() if form.is_bound else exercise.run()
    if form.is_bound and result is None:
        status = max(status, 400)
    parts = shared_parts(exercise, form=form if form.is_bound else None, result=result)
    if result is None:
        parts["results_html"] = render_to_string(
            "labs/includes/results.html", {"errors": _field_errors(form)}
        )
    context = {
        "page": lesson,
        "lesson": lesson,
        "exercise": exercise,
        "urls": urls_for(exercise),
        "answer_form": extra.pop("answer_form", None) or answer_form_for(exercise),
        **parts,
        **learner_parts(request, exercise),
        **extra,
    }
    return render(request, "labs/exercise_page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST", "HEAD"])
@studying
def exercise_view(request, lesson, exercise):
    """GET (a link, a scenario opened) or POST (the form without JavaScript): the exercise
    page. With `fragment=1`, only the results region, for JavaScript to put in place."""
    data = request.POST if request.method == "POST" else request.GET
    given = any(a.name in data for a in exercise.adjustable())
    form = ExerciseForm(exercise, data if given else None)
    if request.GET.get("fragment") == "1":
        result = form.run() if given else exercise.run()
        if result is None:
            html = render_to_string("labs/includes/results.html", {"errors": _field_errors(form)})
            return HttpResponse(html, status=400)
        html = render_to_string(
            "labs/includes/results.html",
            {"view": result_view(exercise, result), "inputs_changed": given},
        )
        return HttpResponse(html)
    return exercise_page(request, lesson, exercise, form, inputs_changed=given)


def back_to_exercise(exercise, values: dict) -> str:
    url = urls_for(exercise)["exercise"]
    return f"{url}?{urlencode(values)}" if values else url


@login_required
@require_POST
@studying
def check_view(request, lesson, exercise):
    """ "Check my answer": graded on the server by running the model on the inputs."""
    form = ExerciseForm(exercise, request.POST)
    answer_form = answer_form_for(exercise, request.POST)
    if not form.is_valid() or (answer_form is not None and not answer_form.is_valid()):
        return exercise_page(request, lesson, exercise, form, status=400, answer_form=answer_form)
    try:
        outcome = services.task_check(
            user=request.user,
            lesson=lesson,
            exercise=exercise,
            values=form.learner_values(),
            answer=answer_form.cleaned_data["answer"] if answer_form is not None else None,
        )
    except ValidationError as exc:
        for name, errs in errors_by_field(exc).items():
            form.add_error(name if name in form.fields else None, errs)
        return exercise_page(request, lesson, exercise, form, status=400, answer_form=answer_form)
    return exercise_page(
        request,
        lesson,
        exercise,
        form,
        verdict=outcome.verdict,
        answer_form=answer_form,
        step_completed=outcome.completed_step,
        still_required=outcome.still_required,
        inputs_changed=True,
    )
