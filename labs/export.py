"""Compared scenarios as an XLSX workbook: assumptions and key outputs by scenario, then every
projection year of every series output. Text cells are neutralised (no formula runs)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from learning.spreadsheets import neutralise

from .compare import Comparison
from .exercise import Exercise
from .presentation import unit_text


def _label(exercise: Exercise, spec) -> str:
    unit = unit_text(exercise, spec.unit)
    return f"{_(spec.label)} ({unit})" if unit else _(spec.label)


def comparison_workbook(exercise: Exercise, comparison: Comparison) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Assumptions")[:31]
    names = [neutralise(c.scenario.name) for c in comparison.columns]
    sheet.append([neutralise(exercise.title)])
    sheet.append([_("Assumption"), *names])
    for a in [*exercise.adjustable(), *exercise.fixed()]:
        sheet.append(
            [_label(exercise, a.param), *(c.values.get(a.name) for c in comparison.columns)]
        )
    sheet.append([])
    sheet.append([_("Key output"), *names])
    for spec in exercise.model.outputs:
        if spec.scalar:
            sheet.append(
                [
                    _label(exercise, spec),
                    *(
                        c.result.scalars.get(spec.name) if c.result else None
                        for c in comparison.columns
                    ),
                ]
            )
    series = [spec for spec in exercise.model.outputs if not spec.scalar]
    years = book.create_sheet(_("Yearly results")[:31])
    years.append([_("Scenario"), _("Year"), *(_label(exercise, spec) for spec in series)])
    for column, name in zip(comparison.columns, names, strict=True):
        result = column.result
        if result is None:
            years.append([name, neutralise(column.error)])
            continue
        for i, year in enumerate(result.years):
            years.append(
                [
                    name,
                    year,
                    *(
                        result.series[spec.name][i] if spec.name in result.series else None
                        for spec in series
                    ),
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
