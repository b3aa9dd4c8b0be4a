"""Check .h5p files as an upload would, without adding them: one line per file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from assessments.h5p.plan import installed_patches
from assessments.h5p.validation import PackageError, package_inspect


class Command(BaseCommand):
    help = (
        "Validate .h5p packages as the upload does (libraries already in the store count). "
        "Prints one line per file, in the order given: 'OK <main library>' or "
        "'REFUSED: <every reason>' (with --names, each line starts with '<file>: '). Exits "
        "with status 1 when any file is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--names", action="store_true", help="start each line with the file's name"
        )

    def handle(self, *args, **options):
        installed = installed_patches()
        refused = 0
        for name in options["files"]:
            verdict = self.verdict(Path(name), installed)
            refused += verdict.startswith("REFUSED")
            self.stdout.write(f"{name}: {verdict}" if options["names"] else verdict)
        if refused:
            sys.exit(1)

    @staticmethod
    def verdict(path: Path, installed: dict[str, int]) -> str:
        try:
            with path.open("rb") as handle:
                size = path.stat().st_size
                pkg = package_inspect(handle, size=size, installed=installed)
                return f"OK {pkg.main_library}"
        except PackageError as exc:
            return "REFUSED: " + "; ".join(exc.messages)
        except OSError as exc:
            return f"REFUSED: cannot read the file ({exc.strerror or exc})"
