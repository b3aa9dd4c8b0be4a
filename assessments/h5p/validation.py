"""Validate an uploaded `.h5p` file completely, in memory, before anything is written.

`package_inspect` reads only the zip's directory and the few JSON files it must parse; it
never extracts. Every refusal is a `PackageError` whose message names the reason, so the
admin can show it next to the upload field.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from learning.safeinput import json_parse

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

MACHINE_NAME = re.compile(r"^[A-Za-z][\w.-]{0,254}$")
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z][\w.-]*?)-(?P<major>\d+)\.(?P<minor>\d+)$")
JSON_LIMIT = 2 * 1024 * 1024
JSON_DEPTH = 64
MAX_VERSION = 1_000_000


def limit(name: str, default: int) -> int:
    return int(getattr(settings, f"SOCLE_H5P_{name}", default))


def limits() -> dict[str, int]:
    """The limits in force; each may be set in settings as SOCLE_H5P_<NAME>."""
    return {
        "max_upload": limit("MAX_UPLOAD_BYTES", 100 * 1024 * 1024),
        "max_entries": limit("MAX_ENTRIES", 5000),
        "max_uncompressed": limit("MAX_UNCOMPRESSED_BYTES", 500 * 1024 * 1024),
        "max_ratio": limit("MAX_RATIO", 100),
    }


class PackageError(ValidationError):
    """A refused package; the message says why."""


@dataclass(frozen=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def key(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class LibraryInfo:
    ref: LibraryRef
    patch: int
    meta: dict
    files: list[str] = field(default_factory=list)  # paths inside the library folder

    @property
    def dependencies(self) -> list[LibraryRef]:
        return _refs(self.meta.get("preloadedDependencies") or [], f"{self.ref.key}/library.json")


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


def _version(value) -> int:
    """A version number as libraries write it; ValueError when it is not a small whole number
    (the database stores versions as integers: 10**20 would fail there, not here)."""
    number = int(value)
    if isinstance(value, bool) or not 0 <= number <= MAX_VERSION:
        raise ValueError(value)
    return number


def _refs(items, where: str) -> list[LibraryRef]:
    if not isinstance(items, list):
        raise PackageError(_("%(where)s: preloadedDependencies must be a list.") % {"where": where})
    refs = []
    for item in items:
        try:
            name = item["machineName"]
            major, minor = _version(item["majorVersion"]), _version(item["minorVersion"])
        except (KeyError, TypeError, ValueError) as exc:
            raise PackageError(
                _("%(where)s: a dependency lacks machineName, majorVersion or minorVersion.")
                % {"where": where}
            ) from exc
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            raise PackageError(
                _("%(where)s: %(name)r is not a valid library name.")
                % {"where": where, "name": name}
            )
        refs.append(LibraryRef(name, major, minor))
    return refs


def _entry_path(info: zipfile.ZipInfo) -> str:
    """The entry's path, refused if it could escape the folder it is unpacked into."""
    raw = info.filename
    if "\x00" in raw:
        raise PackageError(_("Refused: an entry name contains a NUL character."))
    name = raw.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise PackageError(_("Refused: absolute path %(name)s in the archive.") % {"name": raw})
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise PackageError(
            _("Refused: path %(name)s climbs out of the package (“..”).") % {"name": raw}
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackageError(_("Refused: %(name)s is a symbolic link.") % {"name": raw})
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise PackageError(_("Refused: %(name)s is not a regular file.") % {"name": raw})
    return "/".join(p for p in parts if p not in ("", "."))


def _read_json(zf: zipfile.ZipFile, name: str, label: str) -> dict:
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise PackageError(_("Refused: %(file)s is missing.") % {"file": label}) from exc
    if info.file_size > JSON_LIMIT:
        raise PackageError(_("Refused: %(file)s is too large.") % {"file": label})
    try:
        raw = zf.read(info).decode("utf-8-sig")
        # Depth, NUL and lone-surrogate limits: PostgreSQL stores h5p.json and library.json.
        data = json_parse(raw, max_bytes=JSON_LIMIT, max_depth=JSON_DEPTH)
    except UnicodeDecodeError as exc:
        raise PackageError(_("Refused: %(file)s is not valid JSON.") % {"file": label}) from exc
    except ValidationError as exc:
        raise PackageError(
            _("Refused: %(file)s is not valid JSON: %(reason)s")
            % {"file": label, "reason": " ".join(exc.messages)}
        ) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(
            _("Refused: %(file)s is damaged in the archive.") % {"file": label}
        ) from exc
    if not isinstance(data, dict):
        raise PackageError(_("Refused: %(file)s must hold a JSON object.") % {"file": label})
    return data


def package_inspect(fileobj, *, size: int, installed: dict[str, int]) -> InspectedPackage:
    """Check an uploaded package and describe it; raise PackageError with the reason.

    `installed` maps library keys ("H5P.MultiChoice-1.16") already in the store to their
    patch version, so that a package may rely on libraries installed earlier.
    """
    lim = limits()
    if size > lim["max_upload"]:
        raise PackageError(
            _("Refused: the file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(lim["max_upload"] / 1048576)}
        )
    fileobj.seek(0)
    if not zipfile.is_zipfile(fileobj):
        raise PackageError(_("Refused: this is not a zip file (an .h5p package is a zip archive)."))
    fileobj.seek(0)
    try:
        zf = zipfile.ZipFile(fileobj)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackageError(_("Refused: the zip archive is damaged.")) from exc

    if len(infos) > lim["max_entries"]:
        raise PackageError(
            _("Refused: the archive holds %(count)s entries; the limit is %(limit)s.")
            % {"count": len(infos), "limit": lim["max_entries"]}
        )

    total = 0
    files: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        path = _entry_path(info)
        if info.is_dir() or not path:
            continue
        if info.flag_bits & 0x1:
            raise PackageError(_("Refused: %(name)s is encrypted.") % {"name": info.filename})
        total += info.file_size
        if total > lim["max_uncompressed"]:
            raise PackageError(
                _("Refused: the unpacked content would exceed %(limit)s MB.")
                % {"limit": round(lim["max_uncompressed"] / 1048576)}
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > lim["max_ratio"]:
            raise PackageError(
                _(
                    "Refused: %(name)s compresses %(ratio)s:1, beyond the %(limit)s:1 limit "
                    "(a zip bomb?)."
                )
                % {"name": info.filename, "ratio": int(ratio), "limit": lim["max_ratio"]}
            )
        if path in files:
            raise PackageError(_("Refused: %(name)s appears twice.") % {"name": path})
        files[path] = info
    if size and total > 1024 * 1024 and total / max(size, 1) > lim["max_ratio"]:
        raise PackageError(
            _("Refused: the archive expands %(ratio)s times, beyond the %(limit)s:1 limit.")
            % {"ratio": int(total / size), "limit": lim["max_ratio"]}
        )

    # Where each file sits decides which extensions it may have.
    content_files, library_files = [], {}
    for path in files:
        top, _sep, rest = path.partition("/")
        ext = PurePosixPath(path).suffix.lower().lstrip(".")
        if not rest:
            if path != "h5p.json" and ext not in CONTENT_EXTENSIONS:
                raise PackageError(_("Refused: file type not allowed: %(name)s.") % {"name": path})
            continue
        if top == "content":
            if ext not in CONTENT_EXTENSIONS:
                raise PackageError(
                    _("Refused: file type not allowed in content: %(name)s.") % {"name": path}
                )
            content_files.append(rest)
            continue
        if not LIBRARY_FOLDER.match(top):
            raise PackageError(
                _("Refused: %(folder)s/ is neither content/ nor a library folder (Name-1.0).")
                % {"folder": top}
            )
        if ext not in LIBRARY_EXTENSIONS:
            raise PackageError(_("Refused: file type not allowed: %(name)s.") % {"name": path})
        library_files.setdefault(top, []).append(rest)

    h5p_json = _read_json(zf, "h5p.json", "h5p.json")
    for key in ("title", "mainLibrary"):
        if not isinstance(h5p_json.get(key), str) or not h5p_json[key].strip():
            raise PackageError(_("Refused: h5p.json has no %(key)s.") % {"key": key})
    deps = _refs(h5p_json.get("preloadedDependencies"), "h5p.json")
    main = next((d for d in deps if d.machine_name == h5p_json["mainLibrary"]), None)
    if main is None:
        raise PackageError(
            _("Refused: h5p.json names %(lib)s as main library but not among its dependencies.")
            % {"lib": h5p_json["mainLibrary"]}
        )
    embed = h5p_json.get("embedTypes", ["div"])
    if not isinstance(embed, list) or not set(embed) <= {"div", "iframe"}:
        raise PackageError(_("Refused: h5p.json has invalid embedTypes."))

    content_json = _read_json(zf, "content/content.json", "content/content.json")

    libraries: dict[str, LibraryInfo] = {}
    for folder, names in library_files.items():
        if "library.json" not in names:
            raise PackageError(
                _("Refused: %(folder)s/library.json is missing.") % {"folder": folder}
            )
        meta = _read_json(zf, f"{folder}/library.json", f"{folder}/library.json")
        try:
            ref = LibraryRef(
                str(meta["machineName"]),
                _version(meta["majorVersion"]),
                _version(meta["minorVersion"]),
            )
            patch = _version(meta.get("patchVersion", 0))
        except (KeyError, TypeError, ValueError) as exc:
            raise PackageError(
                _("Refused: %(folder)s/library.json lacks machineName or version numbers.")
                % {"folder": folder}
            ) from exc
        if not MACHINE_NAME.match(ref.machine_name) or ref.key != folder:
            raise PackageError(
                _("Refused: folder %(folder)s does not match its library.json (%(lib)s).")
                % {"folder": folder, "lib": ref.key}
            )
        for kind in ("preloadedJs", "preloadedCss"):
            items = meta.get(kind) or []
            if not isinstance(items, list):
                raise PackageError(
                    _("Refused: %(folder)s/library.json: %(kind)s must be a list.")
                    % {"folder": folder, "kind": kind}
                )
            for item in items:
                path = item.get("path") if isinstance(item, dict) else None
                if not isinstance(path, str) or path not in names:
                    raise PackageError(
                        _("Refused: %(folder)s lists %(path)s, which is not in the package.")
                        % {"folder": folder, "path": path}
                    )
        libraries[folder] = LibraryInfo(ref=ref, patch=patch, meta=meta, files=sorted(names))

    # The main library and everything it needs, found in the package or the store.
    needed: list[LibraryRef] = []
    seen: set[str] = set()

    def visit(ref: LibraryRef, chain: tuple[str, ...]) -> None:
        if ref.key in seen or ref.key in chain:
            return
        lib = libraries.get(ref.key)
        if lib is None and ref.key not in installed:
            raise PackageError(
                _(
                    "Refused: library %(lib)s is missing: it is neither in the package nor "
                    "installed."
                )
                % {"lib": str(ref)}
            )
        if lib is not None:
            for dep in lib.dependencies:
                visit(dep, (*chain, ref.key))
        seen.add(ref.key)
        needed.append(ref)

    for dep in deps:
        visit(dep, ())
    if libraries.get(main.key) is None and main.key not in installed:
        raise PackageError(_("Refused: the main library %(lib)s is missing.") % {"lib": str(main)})

    return InspectedPackage(
        h5p_json=h5p_json,
        content_json=content_json,
        main_library=main,
        libraries=libraries,
        needed=needed,
        content_files=sorted(content_files),
        size=size,
        uncompressed=total,
        archive=zf,
        entries=files,
    )
