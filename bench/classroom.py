"""The classroom server under a room's load: 50 learners on one laptop, SQLite (`make load`).

Starts `make serve`'s stack (gunicorn with deploy/classroom.conf.py, learning.settings.classroom,
SQLite in WAL mode) on loopback in a fresh folder with the demo data, adds 50 learners in one
cohort (bench/_load_seed.py), and runs bench/locustfile.py's webinar: everyone signs in over
LOAD_ARRIVAL_S, reads lessons, opens the quiz, starts it at the trainer's word and submits at
the deadline (each person clicks within LOAD_REACTION_S of the word; 0 = the same
millisecond). The goal (issue 18): 0 errors and p95 below 1.5 s. Prints one summary line per
reaction time; CSV and HTML reports under var/load-classroom/.

`Classroom` is also what tests/services/test_classroom.py starts.
"""

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.cluster import BIN, ROOT, free_port

RESULTS = Path(os.environ.get("LOAD_RESULTS", ROOT / "var" / "load-classroom"))
LEARNERS = int(os.environ.get("LOAD_LEARNERS", "50"))
GOAL_P95_MS = 1500


class Classroom:
    """`with Classroom() as room:` a classroom server on loopback; `room.url(path)`."""

    def __init__(self, *, workdir: Path | None = None, workers: int | None = None):
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="socle-classroom-")).resolve()
        self.port = free_port()
        self.workers = workers
        self.server: subprocess.Popen | None = None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def environment(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "PYTEST_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "learning.settings.classroom",
                "SOCLE_VAR_DIR": str(self.workdir / "var"),
                "DATABASE_URL": f"sqlite:///{self.workdir / 'db.sqlite3'}",
                "STATIC_ROOT": str(self.workdir / "static_collected"),
                "MEDIA_ROOT": str(self.workdir / "media"),
                "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
                "PORT": str(self.port),
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_ACCESSLOG": str(self.workdir / "access.log"),
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.workers:
            env["GUNICORN_WORKERS"] = str(self.workers)
        return env

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def start(self, *, demo: bool = False) -> None:
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        if demo:
            self.manage("load_demo_data")
        self.server = subprocess.Popen(  # noqa: S603 - our venv's gunicorn, fixed arguments
            [str(BIN / "gunicorn"), "-c", "deploy/classroom.conf.py", "learning.wsgi"],
            cwd=ROOT,
            env=self.environment(),
            stdout=open(self.workdir / "gunicorn.log", "ab"),  # noqa: SIM115 - kept by the child
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/healthz/"), timeout=5):  # noqa: S310
                    return
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the classroom server did not start: see {self.workdir}")

    def stop(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()
        self.server = None

    def __enter__(self) -> "Classroom":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def run_locust(room: Classroom, seed: dict, *, name: str, reaction_s: str) -> dict:
    prefix = RESULTS / name
    subprocess.run(  # noqa: S603 - locust from our venv, fixed arguments
        [
            str(BIN / "locust"),
            "--locustfile",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(LEARNERS + 3),
            "--spawn-rate",
            f"{(LEARNERS + 3) / float(os.environ.get('LOAD_ARRIVAL_S', '20')):.2f}",
            "--run-time",
            os.environ.get("LOAD_RUN_TIME", "75s"),
            "--stop-timeout",
            "30",
            "--host",
            room.url("").rstrip("/"),
            "--csv",
            str(prefix),
            "--html",
            f"{prefix}.html",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "LOAD_SEED": json.dumps(seed),
            "LOAD_LEARNERS": str(LEARNERS),
            "LOAD_TRAINERS": "1",
            "LOAD_VERIFIERS": "2",
            "LOAD_REACTION_S": reaction_s,
            "PYTHONPATH": str(ROOT),
        },
        check=False,
        timeout=900,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    return rows


def summary(rows: dict, reaction_s: str) -> tuple[str, bool]:
    total = rows["Aggregated"]
    quiz = [rows[n] for n in ("quiz start", "quiz attempt", "quiz submit") if n in rows]
    submit_p95 = max((float(r["95%"]) for r in quiz), default=0.0)
    p95 = float(total["95%"])
    failures = int(total["Failure Count"])
    ok = failures == 0 and p95 < GOAL_P95_MS and submit_p95 < GOAL_P95_MS
    line = (
        f"classroom: {LEARNERS} learners on SQLite, click within {reaction_s} s of the word: "
        f"{total['Request Count']} requests, {failures} errors, "
        f"p95 {p95:.0f} ms (quiz start/submit p95 {submit_p95:.0f} ms, max "
        f"{max((float(r['Max Response Time']) for r in quiz), default=0.0):.0f} ms), "
        f"goal 0 errors and p95 < {GOAL_P95_MS} ms: {'met' if ok else 'NOT met'}"
    )
    return line, ok


def main() -> int:
    if RESULTS.exists():
        shutil.rmtree(RESULTS)
    RESULTS.mkdir(parents=True)
    results = []
    for reaction_s in os.environ.get("LOAD_REACTIONS", "5,0").split(","):
        room = Classroom()
        try:
            room.start(demo=True)
            seed = json.loads(
                room.python(f"from bench._load_seed import seed; seed({LEARNERS}, {LEARNERS})")
                .strip()
                .splitlines()[-1]
            )
            results.append(
                summary(
                    run_locust(room, seed, name=f"r{reaction_s}", reaction_s=reaction_s), reaction_s
                )
            )
        finally:
            room.stop()
            shutil.rmtree(room.workdir, ignore_errors=True)
    for line, _ in results:
        print(line)
    print(f"  reports: {RESULTS}")
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
