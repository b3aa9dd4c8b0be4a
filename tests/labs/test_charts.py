"""The SVG line chart: well-formed, accessible, escaped, and sane on odd data."""

import pytest
from defusedxml import ElementTree as ET

from labs.charts import compact_number, data_table_rows, line_chart, nice_ticks, year_ticks

NS = {"svg": "http://www.w3.org/2000/svg"}
YEARS = list(range(2025, 2076))


def _chart(**changes):
    kwargs = {
        "title": "Reserve fund",
        "description": "The reserve grows, then falls after 2060.",
        "years": YEARS,
        "series": [("Reserve", [float(i * 1e9) for i in range(51)])],
        "unit": "FCU",
    } | changes
    svg = line_chart(**kwargs)
    return svg, ET.fromstring(svg)


def _texts(root):
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_chart_is_valid_accessible_svg():
    svg, root = _chart(chart_id="reserve")
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "reserve-title reserve-desc"
    assert root.find("svg:title", NS).text == "Reserve fund"
    assert root.find("svg:title", NS).get("id") == "reserve-title"
    assert root.find("svg:desc", NS).get("id") == "reserve-desc"
    assert root.get("viewBox").startswith("0 0 640 ")
    assert root.get("width") is None  # scales with its container
    assert "FCU" in _texts(root) and "Reserve" in _texts(root)


def test_series_differ_by_colour_and_by_dash():
    series = [(f"S{i}", [float(i + y % 7) for y in range(51)]) for i in range(3)]
    _, root = _chart(series=series)
    lines = root.findall("svg:polyline", NS)
    assert len(lines) == 3
    assert len({line.get("stroke") for line in lines}) == 3
    assert len({line.get("stroke-dasharray") for line in lines}) == 3


def test_text_is_escaped():
    hostile = '<script>alert(1)</script>&"'
    svg, root = _chart(title=hostile, description=hostile, unit=hostile,
                       series=[(hostile, [1.0] * 51)], chart_id='x" onload="alert(1)')  # fmt: skip
    assert "<script>" not in svg and "onload=" not in svg.replace('onload="', "")
    assert root.find("svg:title", NS).text == hostile
    assert hostile in _texts(root)
    assert not root.findall(".//svg:script", NS)
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib)


def test_negative_values_get_a_zero_line_and_ticks_cover_them():
    values = [1e9 - i * 5e7 for i in range(51)]  # from 1 billion to -1.5 billion
    _, root = _chart(series=[("Reserve", values)])
    texts = _texts(root)
    assert "0" in texts
    assert any(t.startswith("-") and t.endswith("G") for t in texts)
    zero_lines = [line for line in root.findall("svg:line", NS) if line.get("stroke") == "#555"]
    assert any(line.get("stroke-width") == "1.5" for line in zero_lines)


def test_a_single_year_is_drawn_as_points():
    _, root = _chart(years=[2025], series=[("A", [3.0]), ("B", [5.0])])
    assert len(root.findall("svg:circle", NS)) == 2
    assert "2025" in _texts(root)


def test_all_zero_and_missing_values_still_draw():
    _, root = _chart(series=[("Zero", [0.0] * 51), ("Gaps", [None, 1.0, float("nan")] * 17)])
    assert root.findall("svg:polyline", NS)  # the zero line of data
    assert "0" in _texts(root)


def test_right_to_left_legend_and_lang():
    _, root = _chart(direction="rtl", lang="ar", series=[("الاحتياطي", [1.0] * 51)])
    assert root.get("lang") == "ar"
    assert root.get("direction") == "ltr"  # the axes
    legend = [t for t in root.findall("svg:text", NS) if t.text == "الاحتياطي"][0]
    assert legend.get("direction") == "rtl"
    assert float(legend.get("x")) > 300


def test_no_years_is_refused():
    with pytest.raises(ValueError):
        line_chart(title="t", description="d", years=[], series=[], unit="")


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, [0, 2.5, 5, 7.5, 10]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),
        (-3, 7, [-5, -2.5, 0, 2.5, 5, 7.5]),
        (-120, -20, [-125, -100, -75, -50, -25, 0]),
        (0, 31_000_000, [0, 1e7, 2e7, 3e7, 4e7]),
        (0, 0.3, [0, 0.1, 0.2, 0.3]),
    ],
)
def test_ticks_are_round(low, high, expected):
    assert nice_ticks(low, high) == pytest.approx(expected)


def test_year_ticks_and_compact_numbers():
    assert year_ticks(YEARS) == [2030, 2040, 2050, 2060, 2070]
    assert year_ticks([2025, 2026]) == [2025, 2026]
    assert compact_number(25_000_000, (1e6, "M")) == "25M"
    assert compact_number(-1.5e9, (1e9, "G")) == "-1.5G"
    assert compact_number(0.1 + 0.2) == "0.3"


def test_data_table_rows():
    rows = data_table_rows(years=[2025, 2026], series=[("A", [1, 2]), ("B", [float("inf")])])
    assert rows == [(2025, [1.0, None]), (2026, [2.0, None])]
