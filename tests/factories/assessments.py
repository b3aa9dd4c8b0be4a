"""Factories of the assessments app: .h5p archives (good and hostile) and packages."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.h5p.build import SAMPLE_CONTENT, package_build


def h5p_bytes(*, title: str = "Knowledge check", content: dict | None = None) -> bytes:
    """A valid package of Socle's own content type."""
    return package_build(title=title, content=content or SAMPLE_CONTENT)


def h5p_upload(data: bytes | None = None, name: str = "package.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else h5p_bytes())


def zip_bytes(entries: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def h5p_entries(*, patch: int = 2, library_js: str = "/* v */", extra: dict | None = None):
    """The entries of a minimal valid package with one library, to alter in tests."""
    h5p_json = {
        "title": "Hand-made",
        "language": "en",
        "mainLibrary": "SOCLE.Test",
        "embedTypes": ["div"],
        "preloadedDependencies": [
            {"machineName": "SOCLE.Test", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    library = {
        "title": "Test",
        "machineName": "SOCLE.Test",
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": patch,
        "runnable": 1,
        "preloadedJs": [{"path": "test.js"}],
    }
    entries = {
        "h5p.json": json.dumps(h5p_json),
        "content/content.json": json.dumps({"question": "?"}),
        "SOCLE.Test-1.0/library.json": json.dumps(library),
        "SOCLE.Test-1.0/test.js": library_js,
    }
    entries.update(extra or {})
    return entries


def h5p_package(*, user=None, title: str = "Knowledge check", content: dict | None = None):
    """An H5P package added through the service (installing the library if needed)."""
    from assessments.services import h5p_package_create

    return h5p_package_create(
        title=title,
        upload=h5p_upload(h5p_bytes(title=title, content=content)),
        user=user,
        may_install_libraries=True,
    )
