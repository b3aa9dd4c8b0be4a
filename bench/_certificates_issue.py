"""Helper of bench.certificates (run in a subprocess with the bench database's environment):
issue certificates for N learners, then render and e-mail them with W Celery workers; print
"<certificates rendered and e-mailed per second> <worker peak RSS KiB> <issued per second>"."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    app.conf.task_default_queue = queue

    # 1. Issuing (what the web process does on course completion): rows and queued tasks.
    started = time.perf_counter()
    for user in users:
        certificate_issue(user=user, course=course, enforce_rules=False)
    issue_rate = learners / (time.perf_counter() - started)

    # 2. The workers: started on an idle queue, each process decodes the fonts when it starts
    # (certificates.tasks.warm_up_pdf_fonts); once every one answers a ping they all start
    # consuming the queued tasks at the same moment. Timed to the last e-mail.
    logs, procs, names = [], [], []
    for n in range(workers):
        log = Path(tempfile.gettempdir()) / f"{queue}-{n}.log"
        logs.append(log)
        names.append(f"{queue}-{n}@{socket.gethostname()}")
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
                    f"{queue}-idle",
                    "-n",
                    names[-1],
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                # Each worker in its own session, as separate services are in production:
                # with the kernel's autogroup scheduling, processes of one session share one
                # CPU share, so a second worker in the bench's session gained no CPU at all.
                start_new_session=True,
            )
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            replies = app.control.ping(destination=names, timeout=0.5) or []
            if len(replies) >= workers:
                break
        else:
            raise SystemExit("workers did not start: " + " ".join(x.read_text() for x in logs))
        cpu_before = sum(_cpu_seconds(proc.pid) for proc in procs)
        started = time.perf_counter()
        app.control.add_consumer(queue, destination=names)
        done = 0
        while done < learners:
            time.sleep(0.5)
            done = Certificate.objects.filter(
                user__in=users, emailed_revision=F("revision"), rendered_revision=F("revision")
            ).count()
            if time.perf_counter() - started > 900:
                raise SystemExit(f"timeout: {done}/{learners}")
        elapsed = time.perf_counter() - started
        cpu = sum(_cpu_seconds(proc.pid) for proc in procs) - cpu_before
        stats = app.control.inspect(destination=names, timeout=5).stats() or {}
        shares = [sum(stats.get(name, {}).get("total", {}).values()) for name in names]
        print("tasks per worker:", "/".join(str(n) for n in shares), flush=True)
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
    # CPU the workers used per certificate, and the share of their cores they got.
    print(
        f"{learners / elapsed:.2f} {peak} {issue_rate:.2f}"
        f" {cpu / learners * 1000:.1f} {cpu / (elapsed * workers):.2f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
