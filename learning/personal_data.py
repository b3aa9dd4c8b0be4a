"""The hooks through which each app gives up, or erases, what it holds about one person.

`learning` owns the archive and the erasure but not the apps' models: each app registers two
Wagtail hooks in its `wagtail_hooks.py` (see docs/decisions/data-protection.md):

- `personal_data_export`: fn(*, user) -> list of (filename, content). `content` is bytes (a
  PDF, a signed credential) or a list of dicts: rows, written as JSON when the name ends in
  `.json` and as CSV (a header from the rows' keys) when it ends in `.csv`. Each function
  reads its rows with a fixed number of queries, whatever the number of rows.
- `user_erasing`: fn(*, user) -> dict of counts (or None), called inside the erasure's
  transaction before the account itself is anonymised. The app deletes what identifies the
  person and keeps anonymised rows that statistics need.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from wagtail import hooks

from .spreadsheets import neutralise

EXPORT_HOOK = "personal_data_export"
ERASING_HOOK = "user_erasing"

ARCHIVE_README = """\
This archive holds everything the platform keeps about your account, as of {when} (UTC).

- *.json files hold structured records; *.csv files open in a spreadsheet.
- certificates/*.pdf are your certificates as issued; certificates/*.jwt are their signed
  Open Badges 3.0 credentials, exactly as the platform issues them.
"""


def _json_default(value: Any):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def rows_to_json(rows: list[dict]) -> bytes:
    return json.dumps(rows, default=_json_default, ensure_ascii=False, indent=2).encode()


def rows_to_csv(rows: list[dict]) -> bytes:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, dict | list):
                value = json.dumps(value, default=_json_default, ensure_ascii=False)
            elif isinstance(value, datetime | date):
                value = value.isoformat()
            cells.append(neutralise("" if value is None else value))
        writer.writerow(cells)
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def _encode(filename: str, content) -> bytes:
    if isinstance(content, bytes):
        return content
    rows = list(content)
    if filename.endswith(".csv"):
        return rows_to_csv(rows)
    return rows_to_json(rows)


def export_parts(*, user) -> Iterable[tuple[str, bytes]]:
    """Every app's files about `user`, as (name inside the archive, bytes)."""
    seen: set[str] = set()
    for fn in hooks.get_hooks(EXPORT_HOOK):
        for filename, content in fn(user=user) or []:
            name = str(filename).lstrip("/").replace("..", "_")
            if name in seen:
                raise ValueError(f"Two sections of the personal-data archive are named {name}.")
            seen.add(name)
            yield name, _encode(name, content)


def archive_write(*, user, target, now: datetime) -> list[str]:
    """Write the ZIP archive of `user` into the file object `target`; returns its file names."""
    names: list[str] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", ARCHIVE_README.format(when=now.isoformat()))
        for name, data in export_parts(user=user):
            archive.writestr(name, data)
            names.append(name)
    return names


def erasing_run(*, user) -> dict[str, Any]:
    """Call every app's `user_erasing` function; returns their counts, by function."""
    counts: dict[str, Any] = {}
    for fn in hooks.get_hooks(ERASING_HOOK):
        result = fn(user=user)
        if result:
            counts.update({str(key): value for key, value in result.items()})
    return counts
