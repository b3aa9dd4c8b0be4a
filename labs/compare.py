"""Scenarios side by side: their assumptions and key outputs by column, and each chart with
every scenario's lines overlaid (a data table beside it), for the page and the XLSX export."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .engine.base import AssumptionError, Result
from .exercise import Exercise
from .models import Scenario
from .presentation import TABLE_STEP, kind_of, line_chart, number, unit_text


@dataclass(frozen=True)
class Column:
    scenario: Scenario
    values: dict[str, float]
    result: Result | None
    error: str


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    assumptions: list[tuple[str, list[str]]]  # (label, one cell per column)
    outputs: list[tuple[str, list[str]]]
    charts: list[dict]


def _column(exercise: Exercise, scenario: Scenario) -> Column:
    learner = scenario.values if isinstance(scenario.values, dict) else {}
    values = exercise.values_with(learner)
    try:
        return Column(scenario, values, exercise.run(learner), "")
    except AssumptionError as exc:
        # The editor changed the ranges since the scenario was saved.
        return Column(scenario, values, None, "; ".join(exc.errors.values()))


def _label(exercise: Exercise, spec) -> str:
    unit = unit_text(exercise, spec.unit)
    return f"{_(spec.label)} ({unit})" if unit else _(spec.label)


def _output_rows(exercise: Exercise, columns: list[Column]) -> list[tuple[str, list[str]]]:
    rows = []
    for spec in exercise.model.outputs:
        if spec.scalar:
            cells = [
                number(c.result.scalars.get(spec.name), kind_of(spec)) if c.result else ""
                for c in columns
            ]
            rows.append((_label(exercise, spec), cells))
            continue
        years = sorted({y for y in (exercise.year, _last_year(columns)) if y is not None})
        for year in years:
            cells = [
                number(c.result.value(spec.name, year), spec.unit)
                if c.result and spec.name in c.result.series
                else ""
                for c in columns
            ]
            rows.append((f"{_label(exercise, spec)}, {year}", cells))
    return rows


def _last_year(columns: list[Column]) -> int | None:
    return next((c.result.years[-1] for c in columns if c.result and c.result.years), None)


def _chart(exercise: Exercise, chart, columns: list[Column]) -> dict:
    ran = [c for c in columns if c.result is not None]
    specs = [s for name in chart.outputs if (s := exercise.output_spec(name)) is not None]
    series, headers = {}, [_("Year")]
    for c in ran:
        for spec in specs:
            if spec.name in c.result.series:  # type: ignore[union-attr]
                key = f"{c.scenario.name} — {_(spec.label)}" if len(specs) > 1 else c.scenario.name
                series[key] = list(c.result.series[spec.name])  # type: ignore[union-attr]
                headers.append(key)
    years = list(ran[0].result.years) if ran else []  # type: ignore[union-attr]
    title = _(chart.title)
    svg = line_chart(
        title=title,
        description=_("%(title)s: your scenarios compared.") % {"title": title},
        years=years,
        series=series,
        unit=unit_text(exercise, chart.unit),
        chart_id=f"compare-{chart.name}",
    )
    last = len(years) - 1
    rows = [
        (str(year), *(number(values[i], chart.unit) for values in series.values()))
        for i, year in enumerate(years)
        if i % TABLE_STEP == 0 or i == last
    ]
    return {"title": title, "svg": mark_safe(svg), "headers": headers, "rows": rows}  # noqa: S308


def comparison_for(exercise: Exercise, scenarios: list[Scenario]) -> Comparison:
    columns = [_column(exercise, s) for s in scenarios]
    assumptions = [
        (
            _label(exercise, a.param),
            [number(c.values.get(a.name), a.param.unit) for c in columns],
        )
        for a in [*exercise.adjustable(), *exercise.fixed()]
    ]
    return Comparison(
        columns=columns,
        assumptions=assumptions,
        outputs=_output_rows(exercise, columns),
        charts=[_chart(exercise, chart, columns) for chart in exercise.charts],
    )
