"""`{% matrix_cells row.cells %}`: the step cells of one row of the progress matrix.

The one piece of the dashboard's HTML still printed in Python. A page of the matrix is
50 learners x 30 steps; printed by template tags, its 1,500 cells doubled the dashboard's
time and missed the benchmark's goal (docs/decisions/cohorts-grids-and-uploads.md has the
figures). The rows, the header and every other table are templates. Nothing here comes from
the database but a score, printed as a whole number; the labels are escaped.
"""

from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@lru_cache(maxsize=32)
def _prefixes(language: str | None) -> dict[str, str]:
    """The opening of a cell of each state, in the reader's language (static text only)."""
    return {
        state: (
            f'<td class="matrix__cell matrix__cell--{css}">'
            f'<span aria-hidden="true">{symbol}</span>'
            f'<span class="visually-hidden">{escape(label)}</span>'
        )
        for state, css, symbol, label in (
            ("done", "done", "✓", _("completed")),
            ("started", "started", "…", _("started")),
            ("", "none", "–", _("not started")),
        )
    }


@register.simple_tag
def matrix_cells(cells) -> SafeString:
    """`cells`: per step, (state "done" | "started" | "", score percent or None)."""
    prefix = _prefixes(get_language())
    parts = []
    for state, score in cells:
        parts.append(prefix[state])
        if score is not None:
            parts.append(f" {float(score):.0f}%")
        parts.append("</td>")
    return mark_safe("".join(parts))  # noqa: S308 - static text, escaped labels, numbers
