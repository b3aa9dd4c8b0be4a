"""Small .h5p packages built in the tests, one per case of Lumi's PackageValidator tests.

Lumi (Lumieducation/H5P-Nodejs-library, packages/h5p-server/test/PackageValidator.test.ts)
checks its validator against fixture files; these builders reproduce each case from scratch,
so the verdicts can be compared without copying any file in.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile

from tests.factories import h5p_bytes, h5p_entries, zip_bytes


def library_json(name="SOCLE.Test", major=1, minor=0, patch=2, **extra) -> str:
    meta = {
        "title": name.split(".")[-1],
        "machineName": name,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": patch,
        "runnable": 1,
        "preloadedJs": [{"path": "test.js"}],
    }
    meta.update(extra)
    return json.dumps({k: v for k, v in meta.items() if v is not None})


def with_library(entries: dict, folder: str, meta: str, files: dict | None = None) -> dict:
    """entries plus a library folder, listed among h5p.json's dependencies."""
    entries = dict(entries)
    data = json.loads(meta)
    h5p = json.loads(entries["h5p.json"])
    h5p["preloadedDependencies"].append(
        {
            "machineName": data.get("machineName", "X"),
            "majorVersion": data.get("majorVersion", 1),
            "minorVersion": data.get("minorVersion", 0),
        }
    )
    entries["h5p.json"] = json.dumps(h5p)
    entries[f"{folder}/library.json"] = meta
    for rel, body in (files or {"test.js": "/* */"}).items():
        entries[f"{folder}/{rel}"] = body
    return entries


def valid() -> bytes:
    return zip_bytes(h5p_entries())


def valid_with_images() -> bytes:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    return zip_bytes(h5p_entries(extra={f"content/images/{i}.png": png for i in range(3)}))


def broken_h5p_json() -> bytes:
    return zip_bytes(h5p_entries(extra={"h5p.json": '{"title": "x",'}))


def broken_content_json() -> bytes:
    return zip_bytes(h5p_entries(extra={"content/content.json": "{'single': quotes}"}))


def invalid_h5p_json_schema() -> bytes:
    h5p = json.loads(h5p_entries()["h5p.json"])
    del h5p["language"], h5p["embedTypes"]
    h5p["title"] = "two\nlines"
    return zip_bytes(h5p_entries(extra={"h5p.json": json.dumps(h5p)}))


def malformed_library_directory() -> bytes:
    return zip_bytes(
        with_library(h5p_entries(), "H5P.Greeting Card-1.0", library_json("H5P.GreetingCard"))
    )


def invalid_library_json() -> bytes:
    return zip_bytes(
        with_library(
            h5p_entries(), "H5P.GreetingCard-1.0", library_json("H5P.GreetingCard", title=None)
        )
    )


def missing_preloaded_js() -> bytes:
    entries = h5p_entries()
    del entries["SOCLE.Test-1.0/test.js"]
    return zip_bytes(entries)


def invalid_library_directory_name() -> bytes:
    entries = {k: v for k, v in h5p_entries().items() if not k.startswith("SOCLE.Test-1.0/")}
    entries["SOCLE.Test-1.1/library.json"] = library_json()
    entries["SOCLE.Test-1.1/test.js"] = "/* */"
    return zip_bytes(entries)


def invalid_language_file_json() -> bytes:
    return zip_bytes(h5p_entries(extra={"SOCLE.Test-1.0/language/de.json": "{no json"}))


def invalid_core_version() -> bytes:
    meta = library_json(coreApi={"majorVersion": 1, "minorVersion": 99})
    return zip_bytes(h5p_entries(extra={"SOCLE.Test-1.0/library.json": meta}))


def two_invalid_libraries() -> bytes:
    """Lumi's 2-invalid-libraries.h5p: a bad language file name in one library, a library.json
    without a title in another; both are reported."""
    entries = with_library(
        h5p_entries(),
        "H5P.GreetingCard-1.0",
        library_json("H5P.GreetingCard"),
        {"test.js": "/* */", "language/XXX!.json": "{}"},
    )
    entries = with_library(
        entries, "H5P.GreetingCard2-1.0", library_json("H5P.GreetingCard2", title=None)
    )
    return zip_bytes(entries)


def not_in_allowlist() -> bytes:
    return zip_bytes(h5p_entries(extra={"content/movie.swf": "FWS", "SOCLE.Test-1.0/x.exe": "MZ"}))


def corrupt_archive() -> bytes:
    data = valid()
    return data[: len(data) // 2]  # the end of central directory is gone


# --- damaged members: the zip opens, but a member does not read back -------------------------


def _member_data_offset(data: bytes, name: str) -> int:
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(name)
    header = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[header + 26 : header + 30])
    return header + 30 + name_len + extra_len


def bad_crc() -> bytes:
    """A byte of content.json flipped (stored, so it still decompresses)."""
    data = bytearray(zip_bytes(h5p_entries(), compression=zipfile.ZIP_STORED))
    offset = _member_data_offset(bytes(data), "content/content.json")
    data[offset + 2] ^= 0x01
    return bytes(data)


def broken_deflate_stream() -> bytes:
    """A deflated member whose compressed bytes are garbage (zlib.error on reading)."""
    entries = h5p_entries(extra={"content/data.json": json.dumps(list(range(2000)))})
    data = bytearray(zip_bytes(entries))
    offset = _member_data_offset(bytes(data), "content/data.json")
    data[offset : offset + 16] = b"\xff" * 16
    return bytes(data)


def _central_entry(data: bytes, name: bytes) -> int:
    position = 0
    while True:
        central = data.find(b"PK\x01\x02", position)
        assert central != -1, name
        name_len = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + name_len] == name:
            return central
        position = central + 4


def falsified_sizes() -> bytes:
    """A 20 MB member whose headers claim 10 bytes: a bomb hiding from the size limits."""
    entries = h5p_entries(extra={"content/zeros.json": b"0" * (20 * 1024 * 1024)})
    data = bytearray(zip_bytes(entries))
    central = _central_entry(bytes(data), b"content/zeros.json")
    data[central + 24 : central + 28] = struct.pack("<I", 10)
    local = struct.unpack("<I", data[central + 42 : central + 46])[0]
    data[local + 22 : local + 26] = struct.pack("<I", 10)
    return bytes(data)


def truncated_member() -> bytes:
    """The last member's data is cut short; the directory after it still says it is whole."""
    entries = h5p_entries(extra={"content/zz.json": json.dumps(list(range(5000)))})
    data = zip_bytes(entries, compression=zipfile.ZIP_STORED)
    offset = _member_data_offset(data, "content/zz.json")
    central = data.find(b"PK\x01\x02")
    # drop half of the member's bytes; move the directory up and fix its offset in the EOCD
    cut = (central - offset) // 2
    body = data[: offset + cut] + data[central:]
    eocd = body.rfind(b"PK\x05\x06")
    patched = bytearray(body)
    patched[eocd + 16 : eocd + 20] = struct.pack("<I", offset + cut)
    return bytes(patched)


def hostile_everything() -> bytes:
    """Several problems at once: all of them are reported, not the first only."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        entries = h5p_entries(
            extra={
                "h5p.json": json.dumps({"title": "x", "preloadedDependencies": []}),
                "../../escape.json": "{}",
                "content/shell.php": "<?php ?>",
                "content\\windows.json": "{}",
            }
        )
        for name, body in entries.items():
            zf.writestr(name, body)
        link = zipfile.ZipInfo("content/link.json")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def valid_knowledge_check() -> bytes:
    """Socle's own content type, as the demo and the browser tests use it."""

    return h5p_bytes()
