"""What the page benchmarks share: a throw-away database and the median of timed requests."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(db_path: str) -> None:
    """Test settings on a fresh SQLite file, migrated."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "learning.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_main(run, description: str | None, *, repeats: int) -> int:
    """A page benchmark's entry point: `--repeats`, a migrated throw-away SQLite database,
    then `run(repeats)`, whose exit status it returns."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeats", type=int, default=repeats)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        return run(args.repeats)


def interleaved_medians_ms(client, urls: dict, repeats: int) -> dict[str, float]:
    """Median server time of each URL, in ms, requested in turns (one request per URL per round,
    after three warm-up rounds), so that a change in the machine's load during the run weighs
    on the baseline and on the pages measured alike. A URL is requested with `client`, or with
    its own when given as a pair (client, URL): a learner who reads in another language."""
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for round_ in range(repeats + 3):
        for name, target in urls.items():
            by, url = target if isinstance(target, tuple) else (client, target)
            start = time.perf_counter()
            response = by.get(url)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, (url, response.status_code)
            if round_ >= 3:
                samples[name].append(elapsed)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}
