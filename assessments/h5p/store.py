"""Where H5P files live on disk: one shared library store and one folder per package.

    <root>/libraries/<MachineName>-<major>.<minor>/   library.json, js, css, ...
    <root>/content/<package uuid>/                    h5p.json, content/...

<root> is settings.SOCLE_H5P_ROOT, by default MEDIA_ROOT/h5p. Files are written only after
`validation.package_inspect` has accepted the whole archive, and each file is written through
`_safe_target`, which re-checks that it stays inside its folder.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from pathlib import Path

from django.conf import settings

CHUNK = 64 * 1024


def h5p_root() -> Path:
    root = getattr(settings, "SOCLE_H5P_ROOT", None)
    return Path(root) if root else Path(settings.MEDIA_ROOT) / "h5p"


def library_dir(key: str) -> Path:
    return h5p_root() / "libraries" / key


def content_dir(package_uuid) -> Path:
    return h5p_root() / "content" / str(package_uuid)


def scratch_dir() -> Path:
    path = h5p_root() / ".scratch" / uuid.uuid4().hex
    path.mkdir(parents=True)
    return path


def _safe_target(base: Path, relative: str) -> Path:
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()):
        raise ValueError(f"{relative} escapes {base}")
    return target


def extract(zf: zipfile.ZipFile, member: str, base: Path, relative: str) -> None:
    """Copy one archive member to base/relative, streaming (the zip checks size and CRC)."""
    target = _safe_target(base, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(member) as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)


def resolve_file(base: Path, relative: str) -> Path | None:
    """An existing regular file under base, or None (no symlinks, nothing outside base)."""
    if not relative or "\x00" in relative:
        return None
    try:
        target = _safe_target(base, relative)
    except (ValueError, OSError):
        return None
    if target.is_symlink() or not target.is_file():
        return None
    return target


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def replace_dir(src: Path, dest: Path, backup_base: Path) -> Path | None:
    """Move src to dest; an existing dest is moved into backup_base and returned."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if dest.exists():
        backup = backup_base / f"old-{dest.name}"
        os.replace(dest, backup)
    os.replace(src, dest)
    return backup
