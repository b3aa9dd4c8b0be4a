"""Reading participant lists and webinar attendance reports (CSV or XLSX) into checked rows.

Pure parsing and validation: nothing here touches the database. The services decide what each
valid row means (new account, existing account, already a member) and write nothing until the
trainer confirms.
"""

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from learning.models import OrganisationType, Sex
from learning.spreadsheets import SpreadsheetRefused, xlsx_archive_check
from learning.validators import validate_single_line

from .import_values import is_real_formula, lookup_choice

MAX_IMPORT_BYTES = 2 * 1024 * 1024
# The account's limits, so that the dry run refuses exactly what the confirm step would.
MAX_EMAIL_LENGTH = 254  # learning.User.email (an EmailField)
MAX_TEXT_LENGTH = 200  # learning.User.full_name and organisation
MAX_IMPORT_ROWS = 5000
# Spreadsheet programs save CSV with a comma, or a semicolon where the comma is the decimal
# mark; a tab when exported as "text".
CSV_DELIMITERS = ",;\t"
SNIFF_LINES = 50

PARTICIPANT_COLUMNS = ("name", "email", "country", "organisation", "organisation_type", "sex")
PARTICIPANT_REQUIRED = ("name", "email")
ATTENDANCE_COLUMNS = ("email", "minutes")

_ALIASES = {
    "full_name": "name",
    "participant": "name",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "user_email": "email",
    "attendee_email": "email",
    "organization": "organisation",
    "organisation_name": "organisation",
    "organization_type": "organisation_type",
    "type_of_organisation": "organisation_type",
    "type_of_organization": "organisation_type",
    "gender": "sex",
    "duration": "minutes",
    "duration_minutes": "minutes",
    "time_in_session_minutes": "minutes",
    "attendance_minutes": "minutes",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the trainer."""


@dataclass
class ParsedRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def header_key(raw: str) -> str:
    """A column's name as the parsers know it (lower case, underscores, aliases applied)."""
    key = re.sub(r"[^a-z0-9]+", "_", (raw or "").strip().lower()).strip("_")
    return _ALIASES.get(key, key)


def _read_table(*, filename: str, data: bytes) -> list[list[str]]:
    """Rows of cells as strings, from a CSV or XLSX file."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")) or not name:
        table = _read_csv(data)
    else:
        raise ImportFileError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    for number, row in enumerate(table, start=1):
        if any("\x00" in cell for cell in row):
            raise ImportFileError(
                _("Line %(line)s holds a NUL character; the file is refused.") % {"line": number}
            )
    return table


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise ImportFileError(_("This is not a text CSV file. Save it as CSV (UTF-8) or XLSX."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not UTF-8 text (problem at byte %(pos)s). Save it as CSV (UTF-8).")
            % {"pos": exc.start}
        ) from exc
    delimiter = _csv_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    return [[cell.strip() for cell in row] for row in rows]


def _csv_delimiter(text: str) -> str:
    """The delimiter csv.Sniffer finds in the first lines; a comma when it finds none (a file
    with one column)."""
    sample = "".join(itertools.islice(io.StringIO(text, newline=""), SNIFF_LINES))
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        xlsx_archive_check(data)  # before openpyxl unpacks anything
    except SpreadsheetRefused as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("The Excel file cannot be opened. Save it again as .xlsx.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
            rows.append(["" if cell is None else str(cell).strip() for cell in row])
    finally:
        workbook.close()
    return rows


def _rows_with_header(
    *, filename: str, data: bytes, allowed: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    table = _read_table(filename=filename, data=data)
    lines = [(number, row) for number, row in enumerate(table, start=1) if any(row)]
    if not lines:
        raise ImportFileError(_("The file has no rows."))
    _number, header_cells = lines[0]
    header = [header_key(cell) for cell in header_cells]
    expected = ", ".join(allowed)
    unknown = [
        cell for cell, key in zip(header_cells, header, strict=True) if key and key not in allowed
    ]
    missing = [col for col in required if col not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("missing column(s): %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            shown = ", ".join(f"“{cell[:40]}”" for cell in unknown[:5])
            parts.append(_("unknown column(s): %(cols)s") % {"cols": shown})
        raise ImportFileError(
            _("Wrong header (%(problems)s). The first row must name the columns: %(expected)s.")
            % {"problems": "; ".join(parts), "expected": expected}
        )
    duplicates = {key for key in header if key and header.count(key) > 1}
    if duplicates:
        raise ImportFileError(
            _("Wrong header: the column(s) %(cols)s appear twice.")
            % {"cols": ", ".join(sorted(duplicates))}
        )
    body = lines[1:]
    if len(body) > MAX_IMPORT_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": MAX_IMPORT_ROWS}
        )
    return header, body


def _has_control(value: str) -> bool:
    try:
        validate_single_line(value)
    except ValidationError:
        return True
    return False


_SEX_SHORT = {"f": Sex.FEMALE, "m": Sex.MALE, "woman": Sex.FEMALE, "man": Sex.MALE}
# Past the named columns (beyond the header, or under an empty header cell).
MAX_EXTRA_SHOWN = 3


def _country_code(value: str) -> str | None:
    value = value.strip()
    if not value:
        return ""
    if len(value) in (2, 3) and value.isalpha():
        code = countries.alpha2(value.upper())
        if code:
            return code
    code = countries.by_name(value, insensitive=True)
    return code or None


def _text_errors(value: str, *, missing: str | None, formula: str, long: str, control: str):
    """The problems of a name or organisation cell (at most one, the first found)."""
    if not value:
        return [missing] if missing else []
    if is_real_formula(value):
        return [formula % {"char": value[0].strip() or _("a control character")}]
    if len(value) > MAX_TEXT_LENGTH:
        return [long]
    if _has_control(value):
        return [control]
    return []


def _email_errors(email: str, *, line: int, seen: dict[str, int]) -> list[str]:
    try:
        if len(email) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return [_("“%(email)s” is not a valid e-mail address.") % {"email": email[:80]}]
    if email in seen:
        return [
            _("Duplicate: the same e-mail address is on line %(line)s.") % {"line": seen[email]}
        ]
    seen[email] = line
    return []


def _extra_cells(header: list[str], cells: list[str]) -> list[str]:
    """Filled cells that no column names: reported, never silently dropped (a comma inside an
    unquoted organisation name shifts the row's later cells one column to the right)."""
    return [
        cell
        for index, cell in enumerate(cells)
        if cell and (index >= len(header) or not header[index])
    ]


def _extra_errors(extra: list[str]) -> list[str]:
    if not extra:
        return []
    shown = ", ".join(f"“{cell[:40]}”" for cell in extra[:MAX_EXTRA_SHOWN])
    return [
        ngettext(
            "%(n)s cell is outside the named columns (%(cells)s): check the row's separators.",
            "%(n)s cells are outside the named columns (%(cells)s): check the row's separators.",
            len(extra),
        )
        % {"n": len(extra), "cells": shown}
    ]


def _choice_cell(raw: dict[str, str], key: str, choices, shorthand=None) -> str | None:
    """The code of a choice cell ("" when empty), or None when nothing matches."""
    value = raw.get(key, "").strip()
    if not value:
        return ""
    return lookup_choice(value, choices) or (shorthand or {}).get(value.lower())


def _participant_row(line: int, raw: dict[str, str], seen: dict[str, int]) -> ParsedRow:
    row = ParsedRow(line=line, values={})
    name = raw.get("name", "").strip()
    email = raw.get("email", "").strip().lower()
    organisation = raw.get("organisation", "").strip()
    row.errors += _text_errors(
        name,
        missing=_("The name is missing."),
        formula=_("The name starts with “%(char)s”, which spreadsheets run as a formula."),
        long=_("The name is longer than 200 characters."),
        control=_("The name holds a line break or a control character."),
    )
    row.errors += _email_errors(email, line=line, seen=seen)
    country = _country_code(raw.get("country", ""))
    if country is None:
        row.errors.append(
            _("Unknown country “%(value)s” (use a country name or ISO code).")
            % {"value": raw.get("country", "")[:60]}
        )
    row.errors += _text_errors(
        organisation,
        missing=None,
        formula=_("The organisation starts with a formula character."),
        long=_("The organisation is longer than 200 characters."),
        control=_("The organisation holds a line break or a control character."),
    )
    org_type = _choice_cell(raw, "organisation_type", OrganisationType)
    if org_type is None:
        row.errors.append(
            _("Unknown type of organisation “%(value)s”.")
            % {"value": raw["organisation_type"][:60]}
        )
    sex = _choice_cell(raw, "sex", Sex, _SEX_SHORT)
    if sex is None:
        row.errors.append(_("Unknown value for sex “%(value)s”.") % {"value": raw["sex"][:30]})
    row.values = {
        "name": name,
        "email": email,
        "country": country or "",
        "organisation": organisation,
        "organisation_type": org_type or "",
        "sex": sex or "",
    }
    return row


def parse_participants(*, filename: str, data: bytes) -> list[ParsedRow]:
    """Read a participant list; each row carries its own errors. Raises ImportFileError when
    the file as a whole is unreadable (too large, not CSV/XLSX, wrong header).

    Choices (type of organisation, sex) are read in any offered language, whatever the
    interface's (cohorts/import_values.py)."""
    header, body = _rows_with_header(
        filename=filename, data=data, allowed=PARTICIPANT_COLUMNS, required=PARTICIPANT_REQUIRED
    )
    seen: dict[str, int] = {}
    parsed = []
    for line, cells in body:
        raw = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header) if key}
        row = _participant_row(line, raw, seen)
        row.errors += _extra_errors(_extra_cells(header, cells))
        parsed.append(row)
    return parsed


def parse_attendance_report(*, filename: str, data: bytes) -> list[ParsedRow]:
    """Read an attendance report with the columns email and minutes."""
    header, body = _rows_with_header(
        filename=filename, data=data, allowed=ATTENDANCE_COLUMNS, required=ATTENDANCE_COLUMNS
    )
    return attendance_rows(
        (line, {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header) if key})
        for line, cells in body
    )


def attendance_rows(lines: Iterable[tuple[int, dict[str, str]]]) -> list[ParsedRow]:
    """Check (line, {"email": ..., "minutes": ...}) rows. Several rows for one e-mail (a
    participant who rejoined) are added up into the first row."""
    by_email: dict[str, ParsedRow] = {}
    parsed = []
    for line, raw in lines:
        email = raw.get("email", "").strip().lower()
        row = ParsedRow(line=line, values={"email": email, "minutes": 0})
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(
                _("“%(email)s” is not a valid e-mail address.") % {"email": email[:80]}
                if email
                else _("The row has no e-mail address (a guest?).")
            )
        text = raw.get("minutes", "").strip().replace(",", ".")
        try:
            minutes = float(text)
            if not 0 <= minutes <= 1440:
                raise ValueError
        except ValueError:
            row.errors.append(_("“%(value)s” is not a number of minutes.") % {"value": text[:20]})
            minutes = 0
        if row.ok and email in by_email:
            first = by_email[email]
            first.values["minutes"] = min(1440, first.values["minutes"] + round(minutes))
            continue
        row.values["minutes"] = round(minutes)
        if row.ok:
            by_email[email] = row
        parsed.append(row)
    return parsed
