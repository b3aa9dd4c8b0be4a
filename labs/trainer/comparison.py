"""A model exercise's saved scenarios side by side for a trainer, each run through the model,
and the same as rows for a spreadsheet."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from courses.models import LessonPage

from ..engine import registry
from ..engine.base import AssumptionError, Model, Result
from ..engine.profile import Profile
from ..exercise import Exercise
from ..models import CountryProfile, Scenario, TaskResult
from ..selectors import exercise_in
from .exercises import ExerciseRef

PER_PAGE = 6  # scenarios side by side: what a projector shows legibly
EXPORT_LIMIT = 100  # scenarios in one export (the model runs once per scenario)


@dataclass
class ScenarioColumn:
    pk: int
    user_id: int
    learner: str
    name: str
    saved: dict[str, object]  # what the learner saved
    inputs: dict[str, object] = field(default_factory=dict)  # what the model ran on
    result: Result | None = None
    error: str = ""
    passed: bool | None = None  # the learner's task: None when not tried (or no task)


@dataclass
class ComparisonRow:
    label: str
    unit: str
    cells: list[str]
    kind: str = "output"  # "assumption", "output", "task"
    highlight: bool = False


@dataclass
class LearnerChoice:
    pk: int
    name: str
    scenarios: list[tuple[int, str]]  # (scenario id, name)
    chosen: bool = False


@dataclass
class Comparison:
    exercise: ExerciseRef
    model: Model | None
    profile: Profile | None
    profile_row: CountryProfile | None
    columns: list[ScenarioColumn]
    rows: list[ComparisonRow]
    learners: list[LearnerChoice]
    chosen_scenarios: set[int]
    years: list[int] = field(default_factory=list)
    year: int | None = None
    total: int = 0
    page_number: int = 1
    page_count: int = 1


def exercise_profile(exercise: ExerciseRef) -> tuple[CountryProfile | None, Profile]:
    """The exercise's country profile snippet (one query) and the engine's view of it; the
    engine's illustrative profile when the block names none (or a deleted one)."""
    if exercise.profile_id is not None:
        row = CountryProfile.objects.filter(pk=exercise.profile_id).first()
        if row is not None:
            return row, row.as_profile()
    from ..engine.illustrative import PROFILE  # noqa: PLC0415 (the engine's module loads models)

    return None, PROFILE


def exercise_for(ref: ExerciseRef) -> Exercise | None:
    """The lesson's exercise as learners run it (its ranges, its profile): the trainer's page
    runs a scenario by the same rule as the learner's own comparison. None when the block
    names a model this site no longer has."""
    lesson = LessonPage.objects.filter(pk=ref.page_id).only("id", "body").first()
    if lesson is None:
        return None
    try:
        return exercise_in(lesson, ref.block_id)
    except Http404:
        return None


def _run(exercise: Exercise | None, column: ScenarioColumn) -> None:
    if exercise is None:
        column.inputs = dict(column.saved)
        column.error = _("This model is not available on this site.")
        return
    column.inputs = dict(exercise.values_with(column.saved))  # type: ignore[arg-type]
    try:
        column.result = exercise.run(column.saved)  # type: ignore[arg-type]
    except AssumptionError as exc:  # messages already translated by the exercise
        column.error = _("The model refused these assumptions: %(why)s") % {
            "why": "; ".join(exc.errors.values())
        }


def fmt(value) -> str:
    """A number as the reader's language writes it, with sensible decimals; "–" for none."""
    if value is None or value == "":
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return "–"
    size = abs(number)
    places = 0 if size >= 1000 or number.is_integer() else 1 if size >= 10 else 3 if size < 1 else 2
    return number_format(round(number, places), places, use_l10n=True, force_grouping=size >= 1e4)


def _scenarios(exercise: ExerciseRef, members: Mapping[int, str]) -> list[ScenarioColumn]:
    rows = (
        Scenario.objects.filter(
            page_id=exercise.page_id, block_id=exercise.block_id, user_id__in=list(members)
        )
        .order_by("user_id", "created_at", "pk")
        .values_list("pk", "user_id", "name", "values")
    )
    return [
        ScenarioColumn(
            pk=pk,
            user_id=user_id,
            learner=members[user_id],
            name=name,
            saved=values if isinstance(values, dict) else {},
        )
        for pk, user_id, name, values in rows
    ]


def _model(slug: str) -> Model | None:
    try:
        return registry.get(slug)
    except LookupError:
        return None


def scenarios_chosen(
    *,
    exercise: ExerciseRef,
    members: Mapping[int, str],
    learner_ids: Iterable[int] = (),
    scenario_ids: Iterable[int] = (),
) -> tuple[list[ScenarioColumn], list[LearnerChoice], set[int]]:
    """The saved scenarios of `members` ({user id: display name}) for the exercise, and the
    ones the filters keep: the chosen learners' (all when none chosen) narrowed to the chosen
    scenarios (all theirs when none). Ids of people or scenarios outside `members` are simply
    never found. One query."""
    everything = _scenarios(exercise, members)
    wanted_learners = set(learner_ids) & set(members)
    wanted_scenarios = set(scenario_ids) & {c.pk for c in everything}
    choices: dict[int, LearnerChoice] = {}
    for column in everything:
        choice = choices.setdefault(
            column.user_id,
            LearnerChoice(column.user_id, column.learner, [], column.user_id in wanted_learners),
        )
        choice.scenarios.append((column.pk, column.name))
    kept = [
        c
        for c in everything
        if (not wanted_learners or c.user_id in wanted_learners)
        and (not wanted_scenarios or c.pk in wanted_scenarios)
    ]
    learners = sorted(choices.values(), key=lambda c: (c.name.casefold(), c.pk))
    return kept, learners, wanted_scenarios


def _task_passed(exercise: ExerciseRef, columns: list[ScenarioColumn]) -> None:
    if not exercise.graded or not columns:
        return
    results = dict(
        TaskResult.objects.filter(
            page_id=exercise.page_id,
            block_id=exercise.block_id,
            user_id__in={c.user_id for c in columns},
        ).values_list("user_id", "passed")
    )
    for column in columns:
        column.passed = results.get(column.user_id)


def scenario_comparison(
    *,
    exercise: ExerciseRef,
    members: Mapping[int, str],
    learner_ids: Iterable[int] = (),
    scenario_ids: Iterable[int] = (),
    year: int | None = None,
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
) -> Comparison:
    """The chosen scenarios side by side, a page of columns at a time, each run through the
    model. Queries: the scenarios, the profile, the task results (whatever the number of
    members); model runs: one per shown column."""
    kept, learners, wanted = scenarios_chosen(
        exercise=exercise, members=members, learner_ids=learner_ids, scenario_ids=scenario_ids
    )
    shown = Paginator(kept, per_page).get_page(page)
    columns = list(shown.object_list)
    model = _model(exercise.model)
    profile_row, profile = exercise_profile(exercise) if columns else (None, None)
    full = exercise_for(exercise) if columns and model else None
    for column in columns:
        _run(full, column)
    _task_passed(exercise, columns)
    years = next((list(c.result.years) for c in columns if c.result), [])
    if year not in years:
        year = exercise.year if exercise.year in years else (years[-1] if years else None)
    return Comparison(
        exercise=exercise,
        model=model,
        profile=profile,
        profile_row=profile_row,
        columns=columns,
        rows=comparison_rows(exercise, model, columns, year) if model else [],
        learners=learners,
        chosen_scenarios=wanted,
        years=years,
        year=year,
        total=len(kept),
        page_number=shown.number,
        page_count=shown.paginator.num_pages,
    )


def _output_value(result: Result | None, output: str, year: int | None):
    if result is None:
        return None
    try:
        return result.value(output, year)
    except KeyError:
        return None


def comparison_rows(
    exercise: ExerciseRef, model: Model, columns: list[ScenarioColumn], year: int | None
) -> list[ComparisonRow]:
    """Assumptions the learners chose (and any that differ), the task's output, then every
    output (scalars as they are, series in `year`)."""
    rows = []
    for param in model.params:
        cells = [fmt(c.inputs.get(param.name, param.default)) for c in columns]
        if param.name in exercise.adjustable or len(set(cells)) > 1:
            rows.append(ComparisonRow(_(param.label), _(param.unit), cells, kind="assumption"))
    if exercise.graded and columns:
        labels = {True: _("passed"), False: _("not passed yet"), None: _("not tried")}
        rows.append(ComparisonRow(_("Task"), "", [labels[c.passed] for c in columns], kind="task"))
    task_output = exercise.output if exercise.graded else ""
    for output in sorted(model.outputs, key=lambda o: o.name != task_output):
        when = None if output.scalar else year
        label = _(output.label) if output.scalar else f"{_(output.label)} ({year})"
        rows.append(
            ComparisonRow(
                label,
                _(output.unit),
                [
                    fmt(_output_value(c.result, output.name, when)) if not c.error else "–"
                    for c in columns
                ],
                highlight=output.name == task_output,
            )
        )
    return rows


def comparison_export(
    *,
    exercise: ExerciseRef,
    members: Mapping[int, str],
    learner_ids: Iterable[int] = (),
    scenario_ids: Iterable[int] = (),
    year: int | None = None,
) -> tuple[list[str], list[list]]:
    """(header, rows) of the chosen scenarios, one row per scenario (at most EXPORT_LIMIT):
    learner, scenario, task, every assumption, every output (series in `year`), as numbers."""
    comparison = scenario_comparison(
        exercise=exercise,
        members=members,
        learner_ids=learner_ids,
        scenario_ids=scenario_ids,
        year=year,
        per_page=EXPORT_LIMIT,
    )
    model, year = comparison.model, comparison.year
    header = [_("Learner"), _("Scenario"), _("Task")]
    if model is None:
        return header, [[c.learner, c.name, ""] for c in comparison.columns]
    header += [_unit_label(_(p.label), _(p.unit)) for p in model.params]
    header += [
        _unit_label(_(o.label) if o.scalar else f"{_(o.label)} ({year})", _(o.unit))
        for o in model.outputs
    ]
    header.append(_("Message"))
    labels = {True: _("passed"), False: _("not passed yet"), None: ""}
    rows = []
    for c in comparison.columns:
        row: list = [c.learner, c.name, labels[c.passed]]
        row += [_number(c.inputs.get(p.name, p.default)) for p in model.params]
        row += [
            _number(_output_value(c.result, o.name, None if o.scalar else year))
            for o in model.outputs
        ]
        rows.append([*row, c.error])
    return header, rows


def _unit_label(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
