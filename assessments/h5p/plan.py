"""What adding a package would do to the shared library store (a read; nothing is written).

A library in the store is shared by every package that uses it, so replacing its files
changes packages and lessons the uploader may never have seen. `library_changes` lists, for
each library of an inspected package, whether it is new, replaces an older patch (with the
packages and pages that will change), or has the installed patch number but other files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from learning.storage import private_storage, storage_walk

from ..models import H5PLibrary, H5PPackage
from . import store
from .validation import InspectedPackage, LibraryInfo

NEW, UPDATE, SAME_VERSION_DIFFERS, KEPT = "new", "update", "same_version_differs", "kept"


@dataclass
class LibraryChange:
    library: LibraryInfo
    kind: str
    installed_patch: int | None = None
    changed_files: list[str] = field(default_factory=list)
    packages: list[H5PPackage] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    @property
    def installs(self) -> bool:
        return self.kind in (NEW, UPDATE)


def installed_patches() -> dict[str, int]:
    """{library key: patch version} of the libraries in the store."""
    return {
        f"{m}-{a}.{b}": p
        for m, a, b, p in H5PLibrary.objects.values_list(
            "machine_name", "major_version", "minor_version", "patch_version"
        )
    }


def _digest(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _stored_chunks(name: str):
    with private_storage.open(name, "rb") as handle:
        while chunk := handle.read(store.CHUNK):
            yield chunk


def _member_chunks(zf, info):
    with zf.open(info) as handle:
        while chunk := handle.read(store.CHUNK):
            yield chunk


def changed_files(pkg: InspectedPackage, lib: LibraryInfo, patch: int) -> list[str]:
    """Files of the library that differ between the package and the stored `patch` (either
    side), compared by content through the storage API."""
    prefix = store.library_prefix(lib.ref.key, patch)
    stored = {name.removeprefix(prefix + "/") for name in storage_walk(private_storage, prefix)}
    changed = sorted(stored - set(lib.files))
    for rel in lib.files:
        member = pkg.entries[f"{lib.ref.key}/{rel}"]
        if rel not in stored or _digest(_stored_chunks(f"{prefix}/{rel}")) != _digest(
            _member_chunks(pkg.archive, member)
        ):
            changed.append(rel)
    return sorted(changed)


def _users_of(keys: list[str]) -> tuple[dict[str, list[H5PPackage]], dict[int, list[Page]]]:
    """Packages using each library, and the pages placing each of those packages."""
    by_key: dict[str, list[H5PPackage]] = {key: [] for key in keys}
    libraries = {lib.key: lib.pk for lib in H5PLibrary.objects.all() if lib.key in by_key}
    through = H5PPackage.libraries.through.objects.filter(h5plibrary_id__in=libraries.values())
    packages = H5PPackage.objects.filter(pk__in=through.values("h5ppackage_id")).order_by("title")
    pairs = set(through.values_list("h5plibrary_id", "h5ppackage_id"))
    for key, lib_id in libraries.items():
        by_key[key] = [p for p in packages if (lib_id, p.pk) in pairs]
    refs = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(H5PPackage),
        to_object_id__in=[str(p.pk) for p in packages],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("to_object_id", "object_id")
    pages = {p.pk: p for p in Page.objects.filter(pk__in={int(o) for _t, o in refs})}
    by_package: dict[int, list[Page]] = {}
    for to_id, from_id in sorted(set(refs)):
        if int(from_id) in pages:
            by_package.setdefault(int(to_id), []).append(pages[int(from_id)])
    return by_key, by_package


def library_changes(*, pkg: InspectedPackage, installed: dict[str, int]) -> list[LibraryChange]:
    """One LibraryChange per library of the package that the content needs."""
    needed = {ref.key for ref in pkg.needed}
    changes = []
    for key, lib in sorted(pkg.libraries.items()):
        if key not in needed:
            continue
        have = installed.get(key)
        if have is None:
            changes.append(LibraryChange(lib, NEW))
        elif lib.patch > have:
            changes.append(LibraryChange(lib, UPDATE, have))
        elif lib.patch == have and (files := changed_files(pkg, lib, have)):
            changes.append(LibraryChange(lib, SAME_VERSION_DIFFERS, have, files))
        else:
            changes.append(LibraryChange(lib, KEPT, have))
    updates = [c for c in changes if c.kind == UPDATE]
    if updates:
        by_key, by_package = _users_of([c.library.ref.key for c in updates])
        for change in updates:
            change.packages = by_key.get(change.library.ref.key, [])
            change.pages = [page for p in change.packages for page in by_package.get(p.pk, [])]
    return changes
