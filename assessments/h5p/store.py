"""Where H5P files live: the private storage (learning.storage), through the storage API only.

    h5p/packages/<uuid>.h5p                              the uploaded archive (H5PPackage.source)
    h5p/content/<package uuid>/                          h5p.json, content/...
    h5p/libraries/<MachineName>-<major>.<minor>/<patch>/ library.json, js, css, ...

A library folder is written once per patch and never changed: an upgrade writes the new
patch's folder beside the old one, and the old one is deleted after the database points at the
new patch (H5PLibrary.patch_version), so a failed upgrade leaves the installed patch intact.
Nothing here has a public URL; the player views serve these files after their checks.
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
import zipfile

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile, File

from learning.storage import private_storage, storage_delete_tree

CHUNK = 64 * 1024
SPOOL = 1024 * 1024
ROOT = "h5p"


def library_prefix(key: str, patch: int) -> str:
    return f"{ROOT}/libraries/{key}/{int(patch)}"


def content_prefix(package_uuid) -> str:
    return f"{ROOT}/content/{package_uuid}"


def safe_relative(relative: str) -> str | None:
    """A clean relative path (no '..', no absolute, no backslash, no NUL), or None."""
    if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return posixpath.join(*parts)


def extract(zf: zipfile.ZipFile, member: str, prefix: str, relative: str) -> str:
    """Copy one archive member to prefix/relative in private storage (the zip checks size
    and CRC while it is read). Refuses to write anywhere but exactly that name."""
    clean = safe_relative(relative)
    if clean is None:
        raise ValueError(f"{relative} is not a clean relative path")
    name = f"{prefix}/{clean}"
    with zf.open(member) as src, tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
        shutil.copyfileobj(src, spool, CHUNK)
        spool.seek(0)
        saved = private_storage.save(name, File(spool, name=posixpath.basename(clean)))
    if saved != name:
        private_storage.delete(saved)
        raise FileExistsError(f"{name} already exists")
    return saved


def write(prefix: str, relative: str, text: str) -> str:
    """Write text (UTF-8) to prefix/relative in private storage; same rules as extract()."""
    clean = safe_relative(relative)
    if clean is None:
        raise ValueError(f"{relative} is not a clean relative path")
    name = f"{prefix}/{clean}"
    saved = private_storage.save(name, ContentFile(text.encode("utf-8"), name=clean))
    if saved != name:
        private_storage.delete(saved)
        raise FileExistsError(f"{name} already exists")
    return saved


def file_name(prefix: str, relative: str) -> str | None:
    """The stored name of an existing file prefix/relative, or None."""
    clean = safe_relative(relative)
    if clean is None:
        return None
    name = f"{prefix}/{clean}"
    try:
        return name if private_storage.exists(name) else None
    except (SuspiciousFileOperation, ValueError):  # a name the backend refuses
        return None


def delete_tree(prefix: str) -> None:
    storage_delete_tree(private_storage, prefix)
