"""Small, accessible line charts as inline SVG, drawn on the server (no Django, no JavaScript).

The chart is an image with a title and a description (role="img", aria-labelledby); the
numbers themselves belong in the data table shown beside it (`data_table_rows`). Series differ
by colour (Okabe-Ito, a colour-blind-safe palette) and by dash pattern, so no one needs colour
to tell them apart. Every text is escaped. Geometry is left-to-right (years run left to right,
numbers are left-to-right in every script); the legend and the unit follow `direction`, so a
right-to-left page reads them from the right. The size comes from the viewBox: it scales.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from html import escape

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 2")
_SCALES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e4, "k"))
_MAX_TICKS = 12
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)

Number = float | int | None
Series = Sequence[tuple[str, Sequence[Number]]]


def _clean(value: Number) -> float | None:
    """`value` as a float, or None when it is missing or not finite."""
    return float(value) if value is not None and math.isfinite(value) else None


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high - low <= 0:
        low, high = (low - 1, high + 1) if low else (0.0, 1.0)
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks: list[float] = []
    for k in range(_MAX_TICKS + 1):
        tick = round(first + k * step, 12)
        ticks.append(tick + 0.0)  # no "-0"
        if tick >= high - 1e-9 * step:
            break
    return ticks


def compact_number(value: float, scale: tuple[float, str] = (1, "")) -> str:
    """`value` divided by `scale` with its SI-style suffix (k, M, G, T), at most 4 digits."""
    divisor, suffix = scale
    if value == 0:
        return "0"
    text = f"{value / divisor:.4g}"
    return ("-" + text[1:] if text.startswith("-") else text) + suffix


def _scale_for(ticks: Sequence[float]) -> tuple[float, str]:
    largest = max(abs(t) for t in ticks)
    return next(((d, s) for d, s in _SCALES if largest >= d), (1, ""))


def year_ticks(years: Sequence[int], most: int = 8) -> list[int]:
    """At most `most` round years within the range (every year when there are few)."""
    first, last = years[0], years[-1]
    step = next((s for s in _YEAR_STEPS if (last - first) // s + 1 <= most), _YEAR_STEPS[-1])
    start = -(-first // step) * step
    return list(range(start, last + 1, step)) or [first]


def _chart_id(prefix: str | None, *parts: object) -> str:
    if prefix:
        return re.sub(r"[^A-Za-z0-9_-]", "-", prefix)[:40]
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"chart-{digest}"


def _segments(points: list[tuple[float, Number]]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive finite points (a missing value breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, value in points:
        y = _clean(value)
        if y is not None:
            runs[-1].append((x, y))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def line_chart(
    *,
    title: str,
    description: str,
    years: Sequence[int],
    series: Series,
    unit: str,
    width: int = 640,
    height: int = 300,
    direction: str = "ltr",
    lang: str | None = None,
    chart_id: str | None = None,
    format_number: Callable[[float], str] | None = None,
) -> str:
    """An inline SVG line chart of `series` (label, one value per year) against `years`."""
    years = [int(y) for y in years]
    if not years:
        raise ValueError("A chart needs at least one year.")
    rtl = direction == "rtl"
    ident = _chart_id(chart_id, title, description, years, series)
    values = [v for _, vs in series for v in map(_clean, vs) if v is not None]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
    if format_number is None:
        scale = _scale_for(ticks)

        def format_number(value: float) -> str:
            return compact_number(value, scale)

    left, right, top = 64, 16, 28
    bottom_axis = height
    legend_top = bottom_axis + 36
    total_height = legend_top + 20 * len(series) + 4
    span_x = max(1, years[-1] - years[0])
    low, high = ticks[0], ticks[-1]

    def x_at(year: float) -> float:
        if len(years) == 1:
            return (left + width - right) / 2
        return left + (year - years[0]) / span_x * (width - left - right)

    def y_at(value: float) -> float:
        return bottom_axis - (value - low) / (high - low) * (bottom_axis - top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" direction="ltr" '
        f'class="lab-chart" font-family="sans-serif" font-size="12"'
        + (f' lang="{escape(lang)}"' if lang else "")
        + ">",
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    # The unit above the axis, at the reading side's edge.
    unit_x = width - right if rtl else 4
    out.append(
        f'<text x="{unit_x}" y="14" direction="{"rtl" if rtl else "ltr"}" '
        f'unicode-bidi="embed" fill="#333">{escape(unit)}</text>'
    )
    for tick in ticks:
        y = y_at(tick)
        stroke = "#555" if tick == 0 and low < 0 else "#ddd"
        width_attr = ' stroke-width="1.5"' if tick == 0 and low < 0 else ""
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{stroke}"{width_attr}/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
            f"{escape(format_number(tick))}</text>"
        )
    out.append(
        f'<line x1="{left}" y1="{bottom_axis}" x2="{width - right}" y2="{bottom_axis}" '
        'stroke="#555"/>'
    )
    for year in year_ticks(years):
        x = x_at(year)
        out.append(
            f'<line x1="{x:.1f}" y1="{bottom_axis}" x2="{x:.1f}" y2="{bottom_axis + 4}" '
            'stroke="#555"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{bottom_axis + 18}" text-anchor="middle" fill="#333">'
            f"{year}</text>"
        )
    for i, (label, series_values) in enumerate(series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(x_at(y), v) for y, v in zip(years, series_values, strict=False)]
        for run in _segments(points):
            if len(run) == 1:
                x, v = run[0]
                out.append(f'<circle cx="{x:.1f}" cy="{y_at(v):.1f}" r="4" fill="{colour}"/>')
                continue
            coords = " ".join(f"{x:.1f},{y_at(v):.1f}" for x, v in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        # Legend, one row per series: a sample of the line, then its label.
        y = legend_top + 20 * i
        x1, x2 = (width - right - 36, width - right) if rtl else (4, 40)
        text_x = x1 - 8 if rtl else x2 + 8
        out.append(
            f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        out.append(
            f'<text x="{text_x}" y="{y + 4}" direction="{"rtl" if rtl else "ltr"}" '
            f'unicode-bidi="embed" fill="#111">{escape(label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def data_table_rows(
    *, years: Sequence[int], series: Series
) -> list[tuple[int, list[float | None]]]:
    """The rows of the table shown beside a chart: (year, one value per series), a missing or
    non-finite value as None. Formatting numbers is the template's job (it knows the locale)."""
    rows = []
    for index, year in enumerate(years):
        cells: list[float | None] = []
        for _, values in series:
            cells.append(_clean(values[index]) if index < len(values) else None)
        rows.append((int(year), cells))
    return rows
