"""Certificate benchmarks: `.venv/bin/python -m bench.certificates [--learners 500]`.

1. PDF render: the full certificate render (template, placeholders, QR code, WeasyPrint) per
   certificate, divided by a bare WeasyPrint render of the same HTML in the same run (goal:
   at most 1.2x; both PDF/A-3a and tagged, the full one with its credential embedded), the
   same HTML printed plain (the certificate before PDF/A: goal full / plain at most 1.2x);
   first render of the process vs later ones; and the trap measured in
   docs/decisions/certificates-pdf-fonts.md (a new FontConfiguration per render).
2. Issuance throughput (needs the PostgreSQL and Redis of the services tier): N learners'
   certificates are issued (rows and queued tasks, as the web process does), then W Celery
   workers, started and warmed up, take the queue at the same moment: certificates rendered
   and e-mailed per second with 1 and with 2 workers (goal: 2 workers at least 1.7x of 1),
   and the peak memory (RSS) of a worker. The load average is printed: the machine's two CPUs
   are shared, and two workers can only scale with two free cores.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup(settings_module="learning.settings.test"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def _sample(n: int):
    from certificates.codes import code_generate
    from certificates.rendering import CertificateData

    names = [
        "Александра Константиновна Преображенская",
        "فاطمة الزهراء العلوي",
        "ສົມສັກ ພົມມະວົງ",
        "张伟",
        "Zoë Ngọc Nguyễn-Łukasiewicz",
    ]
    return CertificateData(
        learner_name=names[n % len(names)],
        course_title="Actuarial planning and financing of social protection",
        issuer_name="Socle",
        issued_on=date(2026, 11, 22),
        code=code_generate(),
        hours=Decimal("12.5"),
        grade=Decimal("87.5"),
    )


def bench_render(repeats: int) -> None:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from certificates.models import CertificateTemplate, Signatory
    from certificates.rendering import certificate_html, certificate_pdf
    from learning.pdf import ARCHIVAL, font_face_css, html_to_pdf

    # A credential of the usual size (a signed VC-JWT is about 2 KB), embedded in each PDF.
    credential = "e" * 2200

    template = CertificateTemplate(name="bench", issuer_name="Socle")
    template.signatories = [
        Signatory(name="Amina El Idrissi", role="Programme director"),
        Signatory(name="Jean-Baptiste Nkurunziza", role="Lead trainer"),
    ]

    started = time.perf_counter()
    certificate_pdf(template=template, data=_sample(0), credential=credential)
    first = time.perf_counter() - started

    full, bare, plain, html_only = [], [], [], []
    for n in range(repeats):
        data = _sample(n)
        t0 = time.perf_counter()
        html = certificate_html(template=template, data=_sample(n))
        html_only.append(time.perf_counter() - t0)

        def run_full(data=data):
            t0 = time.perf_counter()
            certificate_pdf(template=template, data=data, credential=credential)
            full.append(time.perf_counter() - t0)

        def run_bare(html=html):
            t0 = time.perf_counter()
            # learning.pdf.html_to_pdf is one WeasyPrint call with the shared fonts.
            html_to_pdf(html, base_url=str(ROOT), variant=ARCHIVAL)
            bare.append(time.perf_counter() - t0)

        def run_plain(html=html):
            # What a certificate cost before PDF/A-3a and tagging (not archival, untagged).
            t0 = time.perf_counter()
            html_to_pdf(html, base_url=str(ROOT))
            plain.append(time.perf_counter() - t0)

        # Interleaved, alternating which goes first: all see the same load and warm caches.
        runs = (run_full, run_bare, run_plain)
        for run in runs if n % 2 else reversed(runs):
            run()

    # The trap: a FontConfiguration per render decodes every font file again.
    trap = []
    for n in range(2):
        html = certificate_html(template=template, data=_sample(n))
        t0 = time.perf_counter()
        fresh = FontConfiguration()
        HTML(string=html, base_url=str(ROOT)).write_pdf(
            stylesheets=[CSS(string=font_face_css(), font_config=fresh)], font_config=fresh
        )
        trap.append(time.perf_counter() - t0)

    m_full, m_bare = statistics.median(full), statistics.median(bare)
    print(f"renders per series: {repeats} (names in Cyrillic, Arabic, Lao, Chinese, Latin)")
    print(f"median full certificate render:   {m_full * 1000:8.1f} ms")
    print(f"median bare WeasyPrint, same HTML: {m_bare * 1000:8.1f} ms")
    print(f"ratio full / bare:                 {m_full / m_bare:8.2f}x  (goal <= 1.2x)")
    # full = HTML + bare, so the same ratio from the HTML step alone, steadier under load.
    m_html = statistics.median(html_only)
    print(
        f"certificate HTML (template, QR):   {m_html * 1000:8.1f} ms"
        f"  = 1 + {m_html / m_bare:.2f} of the bare render"
    )
    # The certificate as printed before PDF/A: the same HTML step, then a plain render.
    m_before = m_html + statistics.median(plain)
    print(
        f"before PDF/A (HTML + plain render): {m_before * 1000:7.1f} ms"
        f"  full / before {m_full / m_before:.2f}x  (goal <= 1.2x)"
    )
    print(
        f"first render of the process:       {first * 1000:8.1f} ms"
        f"  = {first / m_full:.1f}x a later one"
    )
    print(
        f"new FontConfiguration per render:  {statistics.median(trap) * 1000:8.1f} ms"
        f"  = {statistics.median(trap) / m_full:.1f}x the shared one"
    )


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def bench_throughput(learners: int, worker_counts=(1, 2)) -> None:
    if not (_reachable(5432) and _reachable(6379)):
        print("\nthroughput: skipped (PostgreSQL on 5432 and Redis on 6379 are needed)")
        return
    db_name = "socle_bench_certificates"
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learning.settings.dev",
        "DATABASE_URL": f"{base}/{db_name}",
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/3"),
        "EMAIL_URL": "dummymail://",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / f"{db_name}-media"),
        "PRIVATE_MEDIA_ROOT": str(Path(tempfile.gettempdir()) / f"{db_name}-private"),
    }
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", db_name], check=False
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name], check=True)
    print(f"\nthroughput: migrating a fresh database for {learners} learners ...", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    script = ROOT / "bench" / "_certificates_issue.py"
    results = {}
    for workers in worker_counts:
        load = os.getloadavg()[0]
        out = subprocess.run(
            [sys.executable, str(script), str(learners), str(workers)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode:
            print(out.stdout, out.stderr)
            return
        lines = out.stdout.strip().splitlines()
        figures = lines[-1].split()
        spread = next((line for line in lines if line.startswith("tasks per worker")), "")
        rate, peak_kb, issue_rate, cpu_ms, share = (float(x) for x in figures)
        results[workers] = rate
        print(
            f"{workers} worker(s): {rate:7.1f} certificates rendered and e-mailed/s;"
            f" worker peak RSS {peak_kb / 1024:.0f} MiB; issued {issue_rate:.0f}/s;"
            f" worker CPU {cpu_ms:.0f} ms per certificate, {share:.0%} of each worker's core;"
            f" load average before {load:.1f}; {spread}"
        )
    if len(results) == 2:
        print(f"2 workers / 1 worker: {results[2] / results[1]:.2f}x  (goal >= 1.7x)")
        print(
            "  (on a shared machine the ratio follows the CPU share each worker gets: compare"
            " the CPU per certificate, which stays flat when the code scales)"
        )
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", db_name], check=False
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--no-render", action="store_true")
    args = parser.parse_args()
    _setup()
    if not args.no_render:
        bench_render(args.repeats)
    if not args.no_throughput:
        bench_throughput(args.learners)


if __name__ == "__main__":
    main()
