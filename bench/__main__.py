"""Run every benchmark module in bench/ (`python -m bench`), one process each."""

import pkgutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Not micro-benchmarks: the cluster and the load tests have targets of their own (make cluster,
# make load); the locustfile is run by locust.
SEPARATE = {"classroom", "cluster", "load", "locustfile"}


def main() -> int:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(HERE)])
        if not m.name.startswith("_") and m.name not in SEPARATE
    )
    failed = []
    for name in names:
        print(f"\n### bench.{name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
