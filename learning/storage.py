"""Private files: the `private` storage alias and the one way they leave the server.

H5P packages and their unpacked files, certificate PDFs and exports live in
``storages["private"]``: a folder outside ``MEDIA_ROOT`` on local disk, or a bucket without
public access on S3 (settings/base.py). No URL of that storage is ever handed to a browser;
files are read back only by views that checked who is asking, through ``private_file_response``.

- ``private_storage``: a lazy handle on ``storages["private"]`` that follows ``STORAGES``
  changes (tests override it); ``get_private_storage`` is the callable that model fields take.
- ``private_file_response(name, ...)``: the file, streamed by Django, or handed to the proxy
  with ``X-Accel-Redirect`` when ``PRIVATE_MEDIA_ACCEL_REDIRECT`` names an nginx ``internal``
  location (local disk only: settings refuse it together with S3; see docs/operations.md).
- ``storage_walk(storage, prefix)`` / ``storage_delete_tree(storage, prefix)``: every file
  under a folder, through ``listdir`` (works the same on disk and on S3).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse
from django.utils.functional import LazyObject, empty

PRIVATE = "private"
# Types the site's pages load from private files (the H5P player, certificate PDFs). Anything
# else is served as a download, so that a browser never renders it as a document.
TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
INLINE_PREFIXES = ("image/", "audio/", "video/", "font/")
INLINE_TYPES = {"application/json", "text/css", "text/javascript", "application/pdf"}
# Image types a browser may render as a document that runs script.
ACTIVE_TYPES = {"image/svg+xml"}


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: rooted at PRIVATE_MEDIA_ROOT, with no public URL at all."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a checked view.")


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE]


private_storage: Storage = _PrivateStorage()


def get_private_storage() -> Storage:
    """For `FileField(storage=...)`: migrations record this callable, not a path or bucket."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def content_type_for(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def renders_inline(content_type: str) -> bool:
    """Whether a browser may show this type inline without it acting as a page of the site."""
    if content_type in ACTIVE_TYPES:
        return False
    return content_type.startswith(INLINE_PREFIXES) or content_type in INLINE_TYPES


def private_file_response(
    name: str,
    *,
    storage: Storage | None = None,
    content_type: str | None = None,
    as_attachment: bool | None = None,
    filename: str = "",
) -> HttpResponse:
    """The private file `name`, for a view that has already checked the requester.

    Raises FileNotFoundError when it is missing. Types that could act as a document (HTML,
    XML, SVG, anything unknown) are sent as attachments unless the caller decides otherwise.
    """
    storage = storage or private_storage
    content_type = content_type or content_type_for(name)
    if as_attachment is None:
        as_attachment = not renders_inline(content_type)
    filename = filename or name.rsplit("/", 1)[-1]
    accel = getattr(settings, "PRIVATE_MEDIA_ACCEL_REDIRECT", "")
    if accel:
        if not storage.exists(name):
            raise FileNotFoundError(name)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
        disposition = "attachment" if as_attachment else "inline"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
        return response
    handle = storage.open(name, "rb")
    return FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename
    )


def storage_walk(storage: Storage, prefix: str) -> Iterator[str]:
    """Every file name under the folder `prefix` (no trailing slash), depth first."""
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for file in files:
        yield f"{prefix}/{file}"
    for folder in folders:
        yield from storage_walk(storage, f"{prefix}/{folder}")


def storage_delete_tree(storage: Storage, prefix: str) -> None:
    for name in list(storage_walk(storage, prefix)):
        storage.delete(name)
