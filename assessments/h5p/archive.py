"""Archive-level rules for an uploaded `.h5p`: the zip itself, its entry names and sizes.

Each rule is a small function; the tables at the bottom say which run. A rule returns the
problems it found (translated sentences) and never raises, so that a package's every problem
is reported at once. Only what makes further reading pointless (not a zip at all, far too
many entries) stops the inspection early.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

# What reading a damaged member can raise: a bad CRC or a falsified size (BadZipFile), a broken
# deflate stream (zlib.error), a truncated file (EOFError, OSError), an unknown compression
# method (NotImplementedError), an encrypted member (RuntimeError).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)
CHUNK = 64 * 1024
BOMB_FLOOR = 1024 * 1024  # ratios below this size are not worth refusing


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, f"SOCLE_H5P_{name}", default))


def limits() -> dict[str, int]:
    """The limits in force; each may be set in settings as SOCLE_H5P_<NAME>."""
    return {
        "max_upload": _limit("MAX_UPLOAD_BYTES", 100 * 1024 * 1024),
        "max_entries": _limit("MAX_ENTRIES", 5000),
        "max_uncompressed": _limit("MAX_UNCOMPRESSED_BYTES", 500 * 1024 * 1024),
        "max_ratio": _limit("MAX_RATIO", 100),
    }


def mb(value: int) -> float:
    return round(value / 1048576, 1) if value < 1048576 else round(value / 1048576)


# --- one entry's name and attributes ---------------------------------------------------------


def _rule_nul(info: zipfile.ZipInfo) -> str | None:
    if "\x00" in info.filename:
        return _("An entry name contains a NUL character.")
    return None


def _rule_absolute(info: zipfile.ZipInfo) -> str | None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return _("An absolute path %(name)s in the archive.") % {"name": info.filename}
    return None


def _rule_traversal(info: zipfile.ZipInfo) -> str | None:
    if ".." in PurePosixPath(info.filename.replace("\\", "/")).parts:
        return _("Path %(name)s climbs out of the package (“..”).") % {"name": info.filename}
    return None


def _rule_backslash(info: zipfile.ZipInfo) -> str | None:
    # H5P's own exports use "/"; a backslash is either a Windows path or an attempt to hide
    # ".." from a checker that splits on "/" only.
    if "\\" in info.filename and ".." not in info.filename:
        return _("Entry name %(name)s contains a backslash.") % {"name": info.filename}
    return None


def _rule_symlink(info: zipfile.ZipInfo) -> str | None:
    if stat.S_ISLNK(info.external_attr >> 16):
        return _("%(name)s is a symbolic link.") % {"name": info.filename}
    return None


def _rule_special_file(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    if not stat.S_ISLNK(mode) and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        return _("%(name)s is not a regular file.") % {"name": info.filename}
    return None


def _rule_encrypted(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return _("%(name)s is encrypted.") % {"name": info.filename}
    return None


def _rule_member_ratio(info: zipfile.ZipInfo) -> str | None:
    ratio = info.file_size / max(info.compress_size, 1)
    top = limits()["max_ratio"]
    if info.file_size > BOMB_FLOOR and ratio > top:
        return _("%(name)s compresses %(ratio)s:1, beyond the %(limit)s:1 limit (a zip bomb?).") % {
            "name": info.filename,
            "ratio": int(ratio),
            "limit": top,
        }
    return None


ENTRY_RULES: tuple[Callable[[zipfile.ZipInfo], str | None], ...] = (
    _rule_nul,
    _rule_absolute,
    _rule_traversal,
    _rule_backslash,
    _rule_symlink,
    _rule_special_file,
    _rule_encrypted,
    _rule_member_ratio,
)


def normalised(info: zipfile.ZipInfo) -> str:
    """The entry's path with "/" separators and no empty or "." parts."""
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    return "/".join(p for p in parts if p not in ("", ".", "/"))


# --- the archive as a whole ------------------------------------------------------------------


def archive_open(fileobj, *, size: int) -> tuple[zipfile.ZipFile | None, list[str]]:
    """The opened zip, or None and why not (these problems end the inspection)."""
    lim = limits()
    if size > lim["max_upload"]:
        return None, [
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": mb(size), "limit": round(lim["max_upload"] / 1048576)}
        ]
    try:
        fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            return None, [
                _("This is not a zip file, or it is truncated (an .h5p package is a zip archive).")
            ]
        fileobj.seek(0)
        zf = zipfile.ZipFile(fileobj)
        count = len(zf.infolist())
    except (*DAMAGED, ValueError, zipfile.LargeZipFile):
        return None, [_("The zip archive is damaged; it cannot be opened.")]
    if count > lim["max_entries"]:
        return None, [
            _("The archive holds %(count)s entries; the limit is %(limit)s.")
            % {"count": count, "limit": lim["max_entries"]}
        ]
    return zf, []


def archive_entries(zf: zipfile.ZipFile) -> tuple[dict[str, zipfile.ZipInfo], list]:
    """{normalised path: entry} of the acceptable files (not folders), and every problem.

    A refused entry is left out of the mapping, so nothing later reads it.
    """
    problems: list[str] = []
    files: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in zf.infolist():
        found = [message for rule in ENTRY_RULES if (message := rule(info))]
        problems.extend(found)
        path = normalised(info)
        if found or info.is_dir() or not path:
            continue
        if path in files:
            problems.append(_("%(name)s appears twice.") % {"name": path})
        files[path] = info
        total += info.file_size
    return files, problems


def total_problems(files: dict[str, zipfile.ZipInfo], size: int) -> list[str]:
    """The archive's declared unpacked size against the limits."""
    return _total_problems(sum(i.file_size for i in files.values()), size)


def _total_problems(total: int, size: int) -> list[str]:
    lim = limits()
    if total > lim["max_uncompressed"]:
        return [
            _("The unpacked content would exceed %(limit)s MB.")
            % {"limit": round(lim["max_uncompressed"] / 1048576)}
        ]
    if size and total > BOMB_FLOOR and total / size > lim["max_ratio"]:
        return [
            _("The archive expands %(ratio)s times, beyond the %(limit)s:1 limit.")
            % {"ratio": int(total / size), "limit": lim["max_ratio"]}
        ]
    return []


def archive_verify(zf: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo]) -> list[str]:
    """Problems of the members that do not read back; those members leave `files`.

    Every member is read once: a bad CRC, falsified size or broken stream is refused here.

    The zip module stops each member at its declared size, so a member lying about its size
    fails its CRC instead of filling the disk.
    """
    problems = []
    for path, info in list(files.items()):
        try:
            with zf.open(info) as member:
                while member.read(CHUNK):
                    pass
        except DAMAGED:
            del files[path]
            problems.append(
                _("%(name)s is damaged in the archive (bad checksum, size or data).")
                % {"name": path}
            )
    return problems
