"""The programme report as one table for CSV and XLSX: a row per group of each breakdown,
with the same suppression as the page (a suppressed cell reads "suppressed")."""

from django.utils.translation import gettext as _

from cohorts.exports import Table

from .aggregates import Group, Report
from .models import Programme


def _cells(group: Group, hidden: str) -> list:
    if group.suppressed:
        return [hidden] * 6
    quiz = group.quiz_shown
    return [
        group.people,
        group.enrolments,
        group.completed,
        group.certified,
        group.attended,
        quiz if quiz is not None else hidden if group.quiz is not None else "",
    ]


def report_table(report: Report, *, programme: Programme) -> Table:
    hidden = _("suppressed")
    rows = [[_("Total"), report.total.label, *_cells(report.total, hidden)]]
    for breakdown in report.breakdowns:
        rows += [[breakdown.label, g.label, *_cells(g, hidden)] for g in breakdown.groups]
    return Table(
        programme.name,
        [
            _("Breakdown"),
            _("Group"),
            _("People"),
            _("Enrolments"),
            _("Completions"),
            _("Certificates"),
            _("Attended enough sessions"),
            _("Average quiz score (%)"),
        ],
        rows,
    )
