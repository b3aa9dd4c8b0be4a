"""Bar charts drawn on the server as SVG: numbers for the template, no JavaScript.

Each chart gets a <title> and a <desc> (read by screen readers through aria-labelledby) and
sits next to a table of the same figures, so nothing is only in the picture.
"""

from dataclasses import dataclass

from .aggregates import Breakdown

WIDTH = 640
LABEL_WIDTH = 220
BAR_AREA = WIDTH - LABEL_WIDTH - 60  # room for the value after the bar
ROW_HEIGHT = 34
BAR_HEIGHT = 12
TOP = 8


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    y: int  # top of the row
    enrolments: int
    completed: int
    enrolled_width: int
    completed_width: int
    suppressed: bool

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT

    @property
    def completed_y(self) -> int:
        return self.y + BAR_HEIGHT + 2

    @property
    def completed_text_y(self) -> int:
        return self.completed_y + BAR_HEIGHT - 2

    @property
    def enrolled_value_x(self) -> int:
        return LABEL_WIDTH + self.enrolled_width + 4

    @property
    def completed_value_x(self) -> int:
        return LABEL_WIDTH + self.completed_width + 4


@dataclass(frozen=True, slots=True)
class Chart:
    dimension: str
    label: str
    rows: list[ChartRow]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.rows), 1)

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8


def bar_chart(breakdown: Breakdown) -> Chart:
    """Enrolments and completions per group of the breakdown; suppressed groups have no bar."""
    top = max((g.enrolments for g in breakdown.groups if not g.suppressed), default=0)

    def scaled(value: int) -> int:
        return round(BAR_AREA * value / top) if top else 0

    rows = []
    for index, group in enumerate(breakdown.groups):
        shown = not group.suppressed
        rows.append(
            ChartRow(
                label=group.label,
                y=TOP + index * ROW_HEIGHT,
                enrolments=group.enrolments if shown else 0,
                completed=group.completed if shown else 0,
                enrolled_width=scaled(group.enrolments) if shown else 0,
                completed_width=scaled(group.completed) if shown else 0,
                suppressed=group.suppressed,
            )
        )
    return Chart(breakdown.dimension, breakdown.label, rows)
