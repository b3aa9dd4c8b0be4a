"""The trainer dashboard's tables, prepared for their templates.

A page of the progress matrix is 50 learners x 30 steps. Every value the templates print is
worked out here once (short dates once per distinct day), so that the template
`_progress_matrix.html` and the dashboard only print: the HTML, and its escaping, stay the
template engine's. The exception is the 1,500 step cells, printed by the small tag
`{% matrix_cells %}` (cohorts/templatetags/cohorts_matrix.py) because the template version
missed the benchmark's goal (docs/decisions/cohorts-grids-and-uploads.md has the figures).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..selectors import CohortOverview, LearnerRow


class _Dates:
    """Short local dates, formatted once per distinct day."""

    def __init__(self):
        self._seen: dict = {}

    def __call__(self, moment) -> str:
        day = timezone.localtime(moment).date()
        text = self._seen.get(day)
        if text is None:
            text = self._seen[day] = date_format(day, "SHORT_DATE_FORMAT")
        return text


@dataclass(slots=True)
class MatrixColumn:
    number: int
    title: str
    module_title: str
    due: str  # a short date, or ""


@dataclass(slots=True)
class MatrixRow:
    pk: int
    name: str
    completed: int
    attended: int
    last: str
    cells: list  # per step: ("done" | "started" | "", score or None)


@dataclass(slots=True)
class ProgressMatrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    required: int
    sessions: int


def progress_matrix(overview: CohortOverview) -> ProgressMatrix:
    """The header and the rows of the learners on the page of the matrix."""
    dates = _Dates()
    columns = [
        MatrixColumn(
            number=number,
            title=column.page.title,
            module_title=column.module_title,
            due=dates(column.due_at) if column.due_at else "",
        )
        for number, column in enumerate(overview.steps, start=1)
    ]
    rows = [
        MatrixRow(
            pk=row.user.pk,
            name=row.user.full_name or row.user.email,
            completed=row.completed,
            attended=row.attended,
            last=dates(row.last_activity) if row.last_activity else "–",
            cells=row.cells,
        )
        for row in overview.rows
    ]
    return ProgressMatrix(
        columns=columns,
        rows=rows,
        required=overview.required_count,
        sessions=overview.held,
    )


@dataclass(slots=True)
class AtRiskRow:
    pk: int
    name: str
    last: str
    reasons: list[str]


def _reasons(row: LearnerRow) -> list[str]:
    tags = []
    for reason in row.at_risk_reasons:
        if reason == "inactive":
            tags.append(_("inactive"))
        elif reason == "behind":
            label = ngettext("%(n)s step overdue", "%(n)s steps overdue", row.behind)
            tags.append(label % {"n": row.behind})
    return tags


def at_risk_rows(overview: CohortOverview, *, limit: int = 50) -> list[AtRiskRow]:
    """The learners at risk shown to the trainer (the longest silent first), pre-selected."""
    dates = _Dates()
    never = _("never")
    return [
        AtRiskRow(
            pk=row.user.pk,
            name=row.user.full_name or row.user.email,
            last=dates(row.last_activity) if row.last_activity else never,
            reasons=_reasons(row),
        )
        for row in overview.at_risk[:limit]
    ]
