"""Helper of bench.certificates (run in a subprocess with the bench database's environment):
issue certificates for N learners with W Celery workers; print "<certificates/s> <peak KiB>"."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(learners: int, workers: int) -> None:
    import django

    django.setup()
    from django.db.models import F

    from certificates.models import Certificate, CertificateTemplate, CourseCertificateSettings
    from certificates.services import certificate_issue
    from courses.models import CoursePage
    from learning.celery import app
    from learning.services import user_create

    course = CoursePage.objects.live().first()
    if course is None:
        from learning.demo import home_page_ensure
        from tests.factories import course_factories

        course = course_factories.course(
            title="Bench course", index=course_factories.catalogue(home_page_ensure())
        )
    template, _ = CertificateTemplate.objects.get_or_create(
        name="Bench", defaults={"issuer_name": "Socle"}
    )
    CourseCertificateSettings.objects.update_or_create(
        course=course, defaults={"template": template}
    )
    users = [
        user_create(email=f"bench{n}@example.org", password=None, full_name=f"Абдуллоҳ Bench {n}")
        for n in range(learners)
    ]
    Certificate.objects.filter(user__in=users).delete()
    app.control.purge()

    queue = f"bench-{os.getpid()}"
    logs, procs = [], []
    for n in range(workers):
        log = Path(tempfile.gettempdir()) / f"{queue}-{n}.log"
        logs.append(log)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "learning",
                    "worker",
                    "--pool=solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-Q",
                    queue,
                    "-n",
                    f"{queue}-{n}@%h",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
    app.conf.task_default_queue = queue
    try:
        # Workers ready: a ping answered by each.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=0.5) or []
            if sum(1 for r in replies for k in r if k.startswith(queue)) >= workers:
                break
        # Timed from the first issue to the last e-mail; each worker's first render (fonts
        # loading) is inside the timing, as in production after a deploy.
        started = time.perf_counter()
        for user in users:
            certificate_issue(user=user, course=course, enforce_rules=False)
        done = 0
        while done < learners:
            time.sleep(0.2)
            done = Certificate.objects.filter(
                user__in=users, emailed_revision=F("revision"), rendered_revision=F("revision")
            ).count()
            if time.perf_counter() - started > 900:
                raise SystemExit(f"timeout: {done}/{learners}")
        elapsed = time.perf_counter() - started
        peak = 0
        for proc in procs:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak = max(
                peak, int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1])
            )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    print(f"{learners / elapsed:.2f} {peak}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
