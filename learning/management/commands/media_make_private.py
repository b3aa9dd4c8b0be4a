"""Move private files that older releases wrote to public media into the private storage.

Before this release H5P packages, their unpacked content, the H5P library store and
certificate PDFs were written under MEDIA_ROOT and served at /media/. This command copies each
of them into `storages["private"]` under the name the code now reads, then deletes the public
copy. It is idempotent: a file already in private storage is not copied again (its public copy
is still removed), so it can be re-run after an interruption. `--dry-run` only reports.

    h5p/packages/<uuid>.h5p and certificates/<year>/<token>.pdf   same name
    h5p/content/<uuid>/...                                         same name
    h5p/libraries/<Name>-<major>.<minor>/...                       .../<installed patch>/...
"""

from __future__ import annotations

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from assessments.h5p import store
from assessments.models import H5PLibrary, H5PPackage
from certificates.models import Certificate
from learning.storage import private_storage, storage_walk


class Command(BaseCommand):
    help = "Move H5P files and certificate PDFs from public media into private storage."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        self.dry_run = dry_run
        self.moved = self.cleaned = 0
        names = [
            *H5PPackage.objects.exclude(source="").values_list("source", flat=True),
            *Certificate.objects.exclude(pdf="").values_list("pdf", flat=True),
            *storage_walk(default_storage, f"{store.ROOT}/content"),
        ]
        for name in names:
            self._move(name, name)
        patches = {lib.key: lib.patch_version for lib in H5PLibrary.objects.all()}
        for name in storage_walk(default_storage, f"{store.ROOT}/libraries"):
            key, _, relative = name.removeprefix(f"{store.ROOT}/libraries/").partition("/")
            if key not in patches:
                self.stderr.write(f"skipped {name}: no library {key} is installed")
                continue
            self._move(name, f"{store.library_prefix(key, patches[key])}/{relative}")
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            f"{verb} {self.moved} file(s) into private storage; "
            f"{self.cleaned} public copy(ies) of files already private removed."
        )

    def _move(self, old: str, new: str) -> None:
        if not default_storage.exists(old):
            return
        if private_storage.exists(new):
            if private_storage.size(new) != default_storage.size(old):
                self.stderr.write(f"kept {old}: a different {new} is already in private storage")
                return
            self.cleaned += 1
        else:
            self.moved += 1
            if not self.dry_run:
                with default_storage.open(old, "rb") as handle:
                    saved = private_storage.save(new, File(handle, name=new.rsplit("/", 1)[-1]))
                if saved != new:  # pragma: no cover - a concurrent writer took the name
                    raise RuntimeError(f"{new} was saved as {saved}")
        if not self.dry_run:
            default_storage.delete(old)
