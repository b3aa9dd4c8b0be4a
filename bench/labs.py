"""Labs benchmark: `.venv/bin/python -m bench.labs [--repeats 50]`.

Pure-Python figures, no database:
  - one 50-year run of the pay-as-you-go pension model, population projection included, on the
    illustrative profile (median of N runs, ms; goal < 50 ms);
  - the SVG chart of that run: 51 years, three series (median, ms; goal < 20 ms).
Then, on a fresh SQLite file with test settings: the lesson page with a model exercise
against the same plain lesson, in the same run (goal at most 1.5x), and the slider fragment.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from labs.charts import line_chart
from labs.engine import registry
from labs.engine.illustrative import PROFILE

from ._support import interleaved_medians_ms, setup_django

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
    """The lesson page with a model exercise (the demo's PAYG exercise) vs the same plain
    lesson, both warm, requested in turns by the same enrolled learner in the same run (goal
    at most 1.5x); also the fragment JavaScript fetches when a slider moves, against the
    plain lesson (the model runs each time: it is never cached)."""
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        from django.test import Client  # noqa: PLC0415 (Django is set up above)
        from django.urls import reverse  # noqa: PLC0415

        from courses.models import LessonPage  # noqa: PLC0415
        from courses.services import enrollment_create  # noqa: PLC0415
        from labs.lesson_demo import PAYG, block_id  # noqa: PLC0415
        from learning.demo import home_page_ensure  # noqa: PLC0415
        from tests.factories import UserFactory  # noqa: PLC0415
        from tests.factories import course_factories as cf  # noqa: PLC0415

        home_page_ensure()
        course = cf.course(title="Financing", modules=1, steps_per_module=2)
        plain, lab = cf.lessons(course)
        lab = LessonPage.objects.get(pk=lab.pk)
        exercise_id = block_id("payg")
        lab.body = [
            *lab.body.raw_data,
            {"type": "model_exercise", "id": exercise_id, "value": PAYG},
        ]
        lab.save_revision().publish()
        learner = UserFactory(roles=["Learner"])
        enrollment_create(user=learner, course=course)
        client = Client()
        client.force_login(learner)
        fragment = reverse("labs:exercise", args=[lab.pk, exercise_id])
        medians = interleaved_medians_ms(
            client,
            {
                "plain": plain.url,
                "exercise": lab.url,
                "fragment": f"{fragment}?fragment=1&contribution_rate=10&retirement_age=62",
            },
            repeats,
        )
    print(
        f"plain lesson {medians['plain']:.1f} ms, with a model exercise "
        f"{medians['exercise']:.1f} ms, slider fragment {medians['fragment']:.1f} ms"
    )
    return {
        "lesson with a model exercise vs plain lesson": medians["exercise"] / medians["plain"],
    }


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
