"""`make load`: locust, headless and bounded, against the production-like cluster on loopback.

Starts bench/cluster.py's stack with the demo data, adds 200 learners in five cohorts of 40
(bench/_load_seed.py), then runs bench/locustfile.py twice:
1. the webinar: 200 sign-ins from one office address over its first minute (LOAD_ARRIVAL_S),
   reading, a synchronised quiz start and submit, trainers on their cohort dashboards,
   anonymous verifications;
2. throughput: 40 signed-in users without pauses on the home page, then on a lesson.
Prints one summary line and the figures the goals name; full CSV and HTML reports are written
under var/load/ (LOAD_RESULTS overrides).
"""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.cluster import ROOT, Cluster

RESULTS = Path(os.environ.get("LOAD_RESULTS", ROOT / "var" / "load"))
USERS = int(os.environ.get("LOAD_LEARNERS", "200"))
RUN_TIME = os.environ.get("LOAD_RUN_TIME", "150s")
# The learners join over the webinar's first minute (LOAD_ARRIVAL_S=1: all in one second).
ARRIVAL_S = float(os.environ.get("LOAD_ARRIVAL_S", "60"))
EXTRA = 5 + 5  # trainers and anonymous verifiers (bench/locustfile.py)


def locust(
    cluster: Cluster, seed: dict, *, name: str, users: int, env: dict, arrival_s: float = 1
) -> list[dict]:
    prefix = RESULTS / name
    command = [
        str(Path(sys.executable).parent / "locust"),
        "--locustfile",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        f"{users / arrival_s:.2f}",
        "--run-time",
        env.pop("RUN_TIME", RUN_TIME),
        "--stop-timeout",
        "30",
        "--host",
        cluster.url("").rstrip("/"),
        "--csv",
        str(prefix),
        "--html",
        f"{prefix}.html",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(  # noqa: S603 - locust from our venv, fixed arguments
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "LOAD_SEED": json.dumps(seed),
            "LOAD_CA": str(cluster.certificate),
            "PYTHONPATH": str(ROOT),
            **env,
        },
        check=False,
        timeout=900,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def row(stats: list[dict], name: str) -> dict:
    return next((r for r in stats if r["Name"] == name), {})


def p95(stats: list[dict], *names: str) -> str:
    values = [float(row(stats, n).get("95%") or 0) for n in names if row(stats, n)]
    return f"{max(values):.0f} ms" if values else "n/a"


def main() -> int:
    if RESULTS.exists():
        shutil.rmtree(RESULTS)
    RESULTS.mkdir(parents=True)
    cluster = Cluster(
        workdir=ROOT / "var" / "load-cluster",
        gunicorn_workers=int(os.environ.get("LOAD_GUNICORN_WORKERS", "3")),
    )
    try:
        cluster.start(demo=True)
        output = cluster.python(f"from bench._load_seed import seed; seed({USERS})")
        seed = json.loads(output.strip().splitlines()[-1])
        stats = locust(
            cluster, seed, name="webinar", users=USERS + EXTRA, env={}, arrival_s=ARRIVAL_S
        )
        total = row(stats, "Aggregated")
        throughput = {}
        for label, page in (("home", "/"), ("lesson", seed["lessons"][0])):
            runs = locust(
                cluster,
                seed,
                name=f"throughput-{label}",
                users=40,
                env={
                    "LOAD_MODE": "throughput",
                    "LOAD_PAGE": page,
                    "LOAD_LEARNERS": "40",
                    "RUN_TIME": "30s",
                },
            )
            throughput[label] = float(row(runs, "page").get("Requests/s") or 0)
    finally:
        cluster.stop()

    reading = ("dashboard", "lesson", "cohort dashboard")
    quiz = ("quiz page", "quiz start", "quiz attempt", "quiz submit", "quiz result")
    print(
        f"load: {USERS + EXTRA} users, {total['Request Count']} requests, "
        f"{total['Failure Count']} failures, p50 {float(total['50%']):.0f} ms, "
        f"p95 {float(total['95%']):.0f} ms, p99 {float(total['99%']):.0f} ms, "
        f"{float(total['Requests/s']):.1f} req/s"
    )
    reaction = os.environ.get("LOAD_REACTION_S", "5")
    print(f"  learners joined over {ARRIVAL_S:g} s; clicked within {reaction} s of the word")
    sign_in = ("sign-in", "sign-in form", "sign-in form (during sign-ins)")
    print(f"  sign-in p95:                       {p95(stats, *sign_in)}")
    print(
        "  reading p95 during the sign-ins:   "
        + p95(stats, *(f"{n} (during sign-ins)" for n in reading))
    )
    print(f"  reading p95 after the sign-ins:    {p95(stats, *reading)}")
    print(f"  quiz p95 (synchronised start):     {p95(stats, *quiz)}")
    print(
        f"  verification p95:                  {p95(stats, 'verify', 'verify (during sign-ins)')}"
    )
    ratio = throughput["lesson"] / throughput["home"] if throughput.get("home") else 0
    print(
        f"  lesson {throughput['lesson']:.1f} req/s vs home page {throughput['home']:.1f} req/s "
        f"under 40 users: {ratio:.2f}x"
    )
    print(f"  reports: {RESULTS}")
    return 1 if int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main())
