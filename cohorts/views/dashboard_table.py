"""The trainer dashboard's table rows, printed in Python in one pass.

A page of the progress matrix is 50 learners x 30 steps: evaluated tag by tag in the template,
those 1,500 cells and the 100 rows around them cost more than the rest of the request. Each row
is built here from precomputed values; every value that comes from the database is escaped.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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


def _cell_prefixes() -> dict[str, str]:
    return {
        state: (
            f'<td class="matrix__cell matrix__cell--{state or "none"}">'
            f'<span aria-hidden="true">{symbol}</span>'
            f'<span class="visually-hidden">{escape(label)}</span>'
        )
        for state, symbol, label in (
            ("done", "✓", _("completed")),
            ("started", "…", _("started")),
            ("", "–", _("not started")),
        )
    }


def matrix_rows(overview: CohortOverview) -> list[SafeString]:
    """One `<tr>` per learner on the page of the matrix: name, counts, last activity, cells."""
    prefix = _cell_prefixes()
    dates = _Dates()
    required = overview.required_count
    sessions = len(overview.sessions)
    rows = []
    for row in overview.rows:
        name = escape(row.user.full_name or row.user.email)
        last = dates(row.last_activity) if row.last_activity else "–"
        parts = [
            f'<tr><td><input type="checkbox" name="user" value="{row.user.pk}" '
            f'aria-label="{name}"></td><th scope="row">{name}</th>'
            f"<td>{row.completed} / {required}</td><td>{row.attended} / {sessions}</td>"
            f"<td>{last}</td>"
        ]
        for state, score in row.cells:
            parts.append(prefix[state])
            if score is not None:
                parts.append(f" {float(score):.0f}%")
            parts.append("</td>")
        parts.append("</tr>")
        rows.append(mark_safe("".join(parts)))  # noqa: S308 - every value above is escaped
    return rows


def matrix_header(overview: CohortOverview) -> SafeString:
    """The step columns of the matrix header: number, title (module as tooltip), due date."""
    dates = _Dates()
    due = escape(_("due"))
    parts = []
    for number, column in enumerate(overview.steps, start=1):
        parts.append(
            f'<th scope="col" class="matrix__step"><span title="{escape(column.module_title)}">'
            f"{number}. {escape(column.page.title)}</span>"
        )
        if column.due_at:
            parts.append(f"<br><small>{due} {dates(column.due_at)}</small>")
        parts.append("</th>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def _reasons(row: LearnerRow, inactive: str) -> str:
    tags = []
    for reason in row.at_risk_reasons:
        if reason == "inactive":
            tags.append(f'<span class="tag">{inactive}</span>')
        elif reason == "behind":
            label = ngettext("%(n)s step overdue", "%(n)s steps overdue", row.behind) % {
                "n": row.behind
            }
            tags.append(f'<span class="tag">{escape(label)}</span>')
    return " ".join(tags)


def at_risk_rows(overview: CohortOverview, *, limit: int = 50) -> list[SafeString]:
    """The learners at risk shown to the trainer (the longest silent first), pre-selected."""
    dates = _Dates()
    never = escape(_("never"))
    inactive = escape(_("inactive"))
    rows = []
    for row in overview.at_risk[:limit]:
        pk = row.user.pk
        name = escape(row.user.full_name or row.user.email)
        last = dates(row.last_activity) if row.last_activity else never
        rows.append(
            mark_safe(  # noqa: S308 - every value is escaped
                f'<tr><td><input type="checkbox" name="user" value="{pk}" id="risk-{pk}" '
                f'checked></td><th scope="row"><label for="risk-{pk}">{name}</label></th>'
                f"<td>{last}</td><td>{_reasons(row, inactive)}</td></tr>"
            )
        )
    return rows
