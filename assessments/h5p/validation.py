"""Validate an uploaded `.h5p` file completely, in memory, before anything is written.

`package_inspect` runs the rule tables of `archive` (the zip, its names and sizes) and
`metadata` (h5p.json, library.json, language files), then checks file types by location and
resolves the libraries the content needs. It never extracts. It reports every problem of a
package together, as H5P core and Lumi's `PackageValidator` do: a refusal is one
`PackageError` whose `messages` list each reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import archive, metadata
from .archive import limits  # noqa: F401  (settings-driven limits, imported from here)
from .metadata import LIBRARY_FOLDER, MACHINE_NAME  # noqa: F401

# H5P's own allowlist (the reference server's default), minus Flash. Content is media and
# data only; libraries may also hold code (js, css).
CONTENT_EXTENSIONS = frozenset(
    [
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "svg",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "xml",
        "csv",
        "diff",
        "patch",
        "md",
        "textile",
        "vtt",
        "webvtt",
    ]
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
LISTED_NAMES = 10  # refused files named in one message; the rest are counted


class PackageError(ValidationError):
    """A refused package; `messages` says every reason."""


@dataclass(frozen=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def key(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    @classmethod
    def parse(cls, item: dict) -> LibraryRef:
        return cls(
            str(item["machineName"]),
            metadata.version(item["majorVersion"]),
            metadata.version(item["minorVersion"]),
        )

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class LibraryInfo:
    ref: LibraryRef
    patch: int
    meta: dict
    files: list[str] = field(default_factory=list)  # paths inside the library folder
    semantics: list | None = None

    @property
    def dependencies(self) -> list[LibraryRef]:
        return [LibraryRef.parse(d) for d in self.meta.get("preloadedDependencies") or []]


@dataclass
class InspectedPackage:
    h5p_json: dict
    content_json: dict
    main_library: LibraryRef
    libraries: dict[str, LibraryInfo]  # by key, those inside the package
    needed: list[LibraryRef]  # every library the content needs, dependencies first
    content_files: list[str]
    size: int
    uncompressed: int
    archive: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]  # normalised path -> zip entry

    @property
    def title(self) -> str:
        return str(self.h5p_json.get("title") or "")


def _names(paths: list[str]) -> str:
    shown = ", ".join(paths[:LISTED_NAMES])
    if len(paths) > LISTED_NAMES:
        shown += _(" and %(count)s more") % {"count": len(paths) - LISTED_NAMES}
    return shown


def sort_files(files) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """(content files, {library folder: files}, problems): where a file sits decides its type."""
    content, libraries, problems = [], {}, []
    refused_content, refused_library, stray_folders = [], [], set()
    for path in files:
        top, _sep, rest = path.partition("/")
        ext = PurePosixPath(path).suffix.lower().lstrip(".")
        if not rest:
            if path != "h5p.json" and ext not in CONTENT_EXTENSIONS:
                refused_content.append(path)
        elif top == "content":
            if ext not in CONTENT_EXTENSIONS:
                refused_content.append(path)
            else:
                content.append(rest)
        elif not LIBRARY_FOLDER.match(top):
            stray_folders.add(top)
        elif ext not in LIBRARY_EXTENSIONS:
            refused_library.append(path)
        else:
            libraries.setdefault(top, []).append(rest)
    if refused_content:
        problems.append(
            _("Found a file type not allowed in content: %(names)s.")
            % {"names": _names(refused_content)}
        )
    if refused_library:
        problems.append(
            _("Found a file type not allowed in a library: %(names)s.")
            % {"names": _names(refused_library)}
        )
    for folder in sorted(stray_folders):
        problems.append(
            _("%(folder)s/ is neither content/ nor a library folder (Name-1.0).")
            % {"folder": folder}
        )
    return sorted(content), libraries, problems


def _library(zf, folder: str, names: list[str], installed: dict[str, int]):
    """(LibraryInfo or None, problems) for one library folder of the package."""
    if "library.json" not in names:
        return None, [_("%(folder)s/library.json is missing.") % {"folder": folder}]
    meta, problems = metadata.read_json(zf, f"{folder}/library.json")
    if meta is None:
        return None, problems
    patch = metadata.version(meta.get("patchVersion"))
    key = metadata.library_key(meta)
    # Like Lumi: the files of a library the store already holds at this patch or newer are
    # never copied, so only its name and version are checked.
    files_too = key is None or patch is None or installed.get(key, -1) < patch
    problems = metadata.library_problems(folder, meta, names, files_too=files_too)
    if files_too:
        problems += metadata.language_problems(zf, folder, names)
    semantics = None
    if "semantics.json" in names:
        semantics, found = metadata.read_json(zf, f"{folder}/semantics.json", kind=list)
        problems += found
    if problems:
        return None, problems
    ref = LibraryRef.parse(meta)
    return LibraryInfo(ref, patch, meta, sorted(names), semantics), []


def resolve(
    deps: list[LibraryRef], libraries: dict[str, LibraryInfo], installed: dict[str, int]
) -> tuple[list[LibraryRef], list[str]]:
    """Every library the content needs, dependencies first, and those found nowhere."""
    needed: list[LibraryRef] = []
    missing: list[str] = []
    seen: set[str] = set()

    def visit(ref: LibraryRef, chain: tuple[str, ...]) -> None:
        if ref.key in seen or ref.key in chain:
            return
        seen.add(ref.key)
        lib = libraries.get(ref.key)
        if lib is None and ref.key not in installed:
            missing.append(
                _("The library %(lib)s is missing: it is neither in the package nor installed.")
                % {"lib": str(ref)}
            )
            return
        for dep in lib.dependencies if lib is not None else []:
            visit(dep, (*chain, ref.key))
        needed.append(ref)

    for dep in deps:
        visit(dep, ())
    return needed, missing


def _read_json(zf, files: dict, name: str):
    """A JSON file of the package; one found damaged (or refused) earlier is not read again."""
    if name not in files and name in zf.namelist():
        return None, []
    return metadata.read_json(zf, name)


def package_inspect(fileobj, *, size: int, installed: dict[str, int]) -> InspectedPackage:
    """Check an uploaded package and describe it; raise PackageError with every reason.

    `installed` maps library keys ("H5P.MultiChoice-1.16") already in the store to their
    patch version, so that a package may rely on libraries installed earlier.
    """
    zf, problems = archive.archive_open(fileobj, size=size)
    if zf is None:
        raise PackageError(problems)
    files, problems = archive.archive_entries(zf)
    content_files, library_files, found = sort_files(files)
    problems += found
    too_big = archive.total_problems(files, size)
    # A bomb is not decompressed, not even to check it.
    problems += too_big or archive.archive_verify(zf, files)

    h5p_json, found = _read_json(zf, files, "h5p.json")
    problems += found
    if h5p_json is not None:
        problems += metadata.h5p_json_problems(h5p_json)
    content_json, found = _read_json(zf, files, "content/content.json")
    problems += found

    libraries: dict[str, LibraryInfo] = {}
    for folder in sorted(library_files):
        lib, found = _library(zf, folder, library_files[folder], installed)
        problems += found
        if lib is not None:
            libraries[folder] = lib
    if problems:
        raise PackageError(problems)

    deps = [LibraryRef.parse(d) for d in h5p_json["preloadedDependencies"]]
    needed, missing = resolve(deps, libraries, installed)
    if missing:
        raise PackageError(missing)
    main = next(d for d in deps if d.machine_name == h5p_json["mainLibrary"])
    return InspectedPackage(
        h5p_json=h5p_json,
        content_json=content_json,
        main_library=main,
        libraries=libraries,
        needed=needed,
        content_files=content_files,
        size=size,
        uncompressed=sum(i.file_size for i in files.values()),
        archive=zf,
        entries=files,
    )
