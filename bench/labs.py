"""Labs benchmark: `.venv/bin/python -m bench.labs [--repeats 50]`.

Pure-Python figures, no database:
  - one 50-year run of the pay-as-you-go pension model, population projection included, on the
    illustrative profile (median of N runs, ms; goal < 50 ms);
  - the SVG chart of that run: 51 years, three series (median, ms; goal < 20 ms).
The page figure (a lesson with a model exercise against a plain lesson, goal at most 1.5x)
belongs in `lesson_ratio()`, once the exercise block exists.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from labs.charts import line_chart
from labs.engine import registry
from labs.engine.illustrative import PROFILE

PAYG_GOAL_MS = 50
CHART_GOAL_MS = 20


def median_ms(work: Callable[[], object], repeats: int, warm_up: int = 3) -> float:
    for _ in range(warm_up):
        work()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def payg_run() -> object:
    return registry.run("payg", PROFILE, {"horizon": 50})


def chart_of(result) -> Callable[[], str]:
    names = ("contributions", "expenditure", "reserve")
    series = [(name, result.series[name]) for name in names]

    def draw() -> str:
        return line_chart(
            title="Reserve fund",
            description="Contributions, expenditure and the reserve, 2025-2075.",
            years=result.years,
            series=series,
            unit=PROFILE.currency,
        )

    return draw


def lesson_ratio(repeats: int) -> dict[str, float] | None:
    """The lesson page with a model exercise vs a plain lesson (goal at most 1.5x): to be
    written with the exercise block (set Django up as bench/_support.py does, then
    `interleaved_medians_ms`). None until then."""
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args(argv)
    result = payg_run()
    payg_ms = median_ms(payg_run, args.repeats)
    chart_ms = median_ms(chart_of(result), args.repeats)
    ok = payg_ms < PAYG_GOAL_MS and chart_ms < CHART_GOAL_MS
    print(f"payg, 50 years with the projection: {payg_ms:.1f} ms (goal < {PAYG_GOAL_MS} ms)")
    print(f"SVG chart, 51 years x 3 series:     {chart_ms:.2f} ms (goal < {CHART_GOAL_MS} ms)")
    ratio = lesson_ratio(args.repeats)
    if ratio is None:
        print("lesson with a model exercise vs plain lesson: not measured yet")
    else:
        for name, value in ratio.items():
            print(f"{name}: {value:.2f}x")
            ok = ok and value <= 1.5
    print("ok" if ok else "OVER GOAL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
