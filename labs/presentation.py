"""A model's result as the learner reads it: each chart as inline SVG with its data table
beside it (every 5th year plus the last, all years on demand), and the key scalars.

Labels come from the engine as English source strings (`gettext_noop`); they are translated
here, when shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from .charts import line_chart as draw_line_chart
from .engine.base import Chart, Result
from .exercise import Exercise

TABLE_STEP = 5


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # every TABLE_STEP-th year and the last
    all_rows: tuple[tuple[str, ...], ...]  # every year (empty when `rows` holds them all)


@dataclass(frozen=True)
class ChartView:
    name: str
    title: str
    svg: SafeString
    table: Table


@dataclass(frozen=True)
class ScalarView:
    name: str
    label: str
    value: str
    unit: str


def line_chart(*, title, description, years, series: dict, unit: str, chart_id: str) -> str:
    """The engine's SVG chart in the learner's language and direction."""
    return draw_line_chart(
        title=title,
        description=description,
        years=years,
        series=list(series.items()),
        unit=unit,
        direction="rtl" if get_language_bidi() else "ltr",
        lang=get_language(),
        chart_id=chart_id,
    )


def number(value: float | None, unit: str = "") -> str:
    """A value as the learner reads it, in their language's format."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return _("none")
    magnitude = abs(value)
    places = 0 if magnitude >= 1000 or unit == "year" else 1 if magnitude >= 100 else 2
    text = number_format(
        round(value, places), decimal_pos=places, use_l10n=True, force_grouping=unit != "year"
    )
    return text if places == 0 else text.rstrip("0").rstrip(".,") or "0"


MONEY = "money"


def kind_of(spec) -> str:
    """The unit `number` formats by: a year output (no digit grouping) or the spec's unit."""
    return "year" if spec.name.endswith("_year") else spec.unit


def unit_text(exercise: Exercise, unit: str) -> str:
    """A unit as the learner reads it: money in the profile's currency, others translated."""
    if unit == MONEY:
        return exercise.profile.currency
    return _(unit) if unit else ""


def chart_view(exercise: Exercise, chart: Chart, result: Result) -> ChartView:
    outputs = [exercise.output_spec(name) for name in chart.outputs]
    present = [o for o in outputs if o is not None and o.name in result.series]
    series = {_(o.label): list(result.series[o.name]) for o in present}
    title = _(chart.title)
    unit = unit_text(exercise, chart.unit)
    description = _("%(title)s, %(first)s to %(last)s, in %(unit)s.") % {
        "title": title,
        "first": result.years[0] if result.years else "",
        "last": result.years[-1] if result.years else "",
        "unit": unit,
    }
    svg = line_chart(
        title=title,
        description=description,
        years=list(result.years),
        series=series,
        unit=unit,
        chart_id=f"chart-{exercise.block_id[:8]}-{chart.name}",
    )
    headers = (
        _("Year"),
        *(
            f"{_(o.label)} ({unit_text(exercise, o.unit)})" if o.unit else _(o.label)
            for o in present
        ),
    )
    all_rows = tuple(
        (str(year), *(number(result.series[o.name][i], kind_of(o)) for o in present))
        for i, year in enumerate(result.years)
    )
    last = len(all_rows) - 1
    rows = tuple(row for i, row in enumerate(all_rows) if i % TABLE_STEP == 0 or i == last)
    return ChartView(
        name=chart.name,
        title=title,
        svg=mark_safe(svg),  # noqa: S308 (built by labs.charts, which escapes every text)
        table=Table(
            caption=title,
            headers=headers,
            rows=rows,
            all_rows=all_rows if len(rows) < len(all_rows) else (),
        ),
    )


def scalar_views(exercise: Exercise, result: Result) -> list[ScalarView]:
    return [
        ScalarView(
            o.name,
            _(o.label),
            number(result.scalars.get(o.name), kind_of(o)),
            unit_text(exercise, o.unit),
        )
        for o in exercise.model.outputs
        if o.scalar and o.name in result.scalars
    ]


def result_view(exercise: Exercise, result: Result) -> dict:
    return {
        "charts": [chart_view(exercise, chart, result) for chart in exercise.charts],
        "scalars": scalar_views(exercise, result),
    }
