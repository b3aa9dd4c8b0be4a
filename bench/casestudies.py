"""Case-study library benchmark: `.venv/bin/python -m bench.casestudies [--cases 10000]`.

With N published case studies, the median server time of
  - the library page with two facets selected (region + theme), and
  - a full-text search,
each divided by the median of a bare Wagtail page (a plain Page rendered with the site's
base template, same middleware and context processors) measured in the same run. Goal: at
most 4x. Runs once on SQLite (a temporary file) and once on PostgreSQL (a temporary
database on the services tier's server, if it is reachable), each in its own process.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("SERVICES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/socle")
# One database per run (process id), so two runs, or other engineers, never share it.
PG_BENCH_DB = f"socle_bench_casestudies_{os.getpid()}"

COUNTRIES = [
    "LA",
    "TJ",
    "CN",
    "RW",
    "UZ",
    "MA",
    "BR",
    "KE",
    "BO",
    "LS",
    "PH",
    "KH",
    "TH",
    "VN",
    "IN",
    "SN",
    "GH",
    "PE",
    "MX",
    "JO",
    "KG",
    "MN",
    "NP",
    "TZ",
    "CM",
    "TN",
]
TOPICS = [
    "pension coverage for rural residents",
    "digital registration of workers",
    "unified social registry",
    "community health insurance",
    "electronic benefit payments",
    "actuarial review of the pension fund",
    "maternity cash benefit",
    "public works programme",
    "disability allowance reform",
    "shock-responsive cash transfers",
    "social budget",
    "interoperability of social protection systems",
    "unemployment insurance for migrants",
]


def _pages():
    return {
        "bare Wagtail page": "/bare/",
        "library, region + theme selected": (
            "/case-studies/?region=asia-pacific&theme=digital-transformation"
        ),
        "full-text search": "/case-studies/?q=pension+coverage",
        "library, no filter": "/case-studies/",
    }


def _paragraphs() -> list[str]:
    """Real prose: the paragraphs of the demo case studies, tags stripped."""
    from django.utils.html import strip_tags

    from casestudies.demo.files import read_cases

    fields = ("context", "challenge", "approach", "results", "lessons_learned")
    return [strip_tags(case[f]) for case in read_cases() for f in fields if case.get(f)]


def _rows(n, terms):
    rnd = random.Random(2026)
    paragraphs = _paragraphs()
    rows = []
    for i in range(n):
        topic = rnd.choice(TOPICS)
        countries = rnd.sample(COUNTRIES, rnd.choice([1, 1, 1, 2]))
        # Three paragraphs of real case-study prose, so that words are as frequent as in a
        # real library (a tiny vocabulary would make every query match most cases).
        text = " ".join(rnd.sample(paragraphs, 3))
        start = rnd.randint(1995, 2024)
        rows.append(
            {
                "title": f"{countries[0]}: {topic} ({i})",
                "summary": f"How {topic} was organised. {text[:200]}",
                "countries": countries,
                "year_start": start,
                "year_end": None if rnd.random() < 0.3 else min(start + rnd.randint(0, 8), 2026),
                "context": f"<p>{text}</p>",
                **{key: rnd.sample(values, rnd.randint(0, 2)) for key, values in terms.items()},
            }
        )
    return rows


def worker(cases: int, repeats: int) -> None:
    """Runs inside a process whose DATABASE_URL points at an empty database."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from wagtail.models import Page

    from casestudies.bulk import case_studies_bulk_create
    from casestudies.models import LifeCycleRisk, PopulationGroup, ProgrammeType, Theme
    from casestudies.services import library_ensure
    from learning.demo import home_page_ensure

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    home = home_page_ensure()
    library = library_ensure(parent=home)
    bare = Page(title="Bare page", slug="bare")
    home.add_child(instance=bare)
    bare.save_revision().publish()
    terms = {
        "themes": list(Theme.objects.all()),
        "programme_types": list(ProgrammeType.objects.all()),
        "risks": list(LifeCycleRisk.objects.all()),
        "population_groups": list(PopulationGroup.objects.all()),
    }
    rows = _rows(cases, terms)
    for offset in range(0, len(rows), 2000):
        case_studies_bulk_create(index=library, rows=rows[offset : offset + 2000])
    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics yet; autovacuum would add them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"[{engine}] {cases} cases ready in {time.perf_counter() - started:.0f} s", flush=True)

    # The bare page: a plain Wagtail Page rendered with the site's base template.
    Page.template = "base.html"
    client = Client()
    pages = _pages()
    for url in pages.values():
        for _ in range(3):  # warm-up
            assert client.get(url).status_code == 200, url
    # Round-robin: each repetition times every page once, so that a change in the machine's
    # load (other processes) weighs on the baseline and on the pages alike.
    times = {label: [] for label in pages}
    for _ in range(repeats):
        for label, url in pages.items():
            t0 = time.perf_counter()
            response = client.get(url)
            times[label].append(time.perf_counter() - t0)
            assert response.status_code == 200
    medians = {label: statistics.median(values) for label, values in times.items()}
    base = medians["bare Wagtail page"]
    for label, value in medians.items():
        ratio = value / base
        goal = (
            ""
            if label.startswith("bare") or "no filter" in label
            else ("  (goal <= 4x: " + ("met" if ratio <= 4 else "NOT met") + ")")
        )
        print(f"[{engine}] {label:<36} median {value * 1000:7.1f} ms  {ratio:5.2f}x{goal}")


def _postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


def _run(env_extra: dict, cases: int, repeats: int) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "learning.settings.test", **env_extra}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.casestudies",
            "--worker",
            "--cases",
            str(cases),
            "--repeats",
            str(repeats),
        ],
        cwd=ROOT,
        env=env,
    ).returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.cases, args.repeats)
        return 0
    failed = 0
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite3"
            failed |= _run({"DATABASE_URL": url, "MEDIA_ROOT": tmp}, args.cases, args.repeats)
    if args.db in ("postgres", "both"):
        if not _postgres_reachable():
            print("[postgresql] skipped: no PostgreSQL on 127.0.0.1:5432")
            return failed
        import psycopg

        admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
        try:
            url = PG_URL.rsplit("/", 1)[0] + "/" + PG_BENCH_DB
            with tempfile.TemporaryDirectory() as tmp:
                failed |= _run({"DATABASE_URL": url, "MEDIA_ROOT": tmp}, args.cases, args.repeats)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
    return failed


if __name__ == "__main__":
    sys.exit(main())
