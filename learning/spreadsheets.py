"""Cells that are safe to open in a spreadsheet program (CSV and XLSX exports, imports)."""

import io
import zipfile

from django.utils.translation import gettext as _

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula(value: str) -> bool:
    return bool(value) and value.startswith(FORMULA_PREFIXES)


def neutralise(value):
    """Quote a text cell that would run as a formula; other values pass unchanged."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


# Limits of an uploaded XLSX, checked in the zip's central directory before any parsing: a
# small file that unpacks to gigabytes (a "zip bomb") is refused without being decompressed.
XLSX_MAX_MEMBERS = 200
XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100  # sheet XML compresses well, but not a hundredfold past a megabyte
XLSX_RATIO_FROM = 1024 * 1024


class SpreadsheetRefused(ValueError):
    """The upload is refused as a whole; the message says why, for the person uploading."""


def xlsx_archive_check(data: bytes) -> None:
    """Raise SpreadsheetRefused unless the XLSX (a zip) stays within the limits above."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetRefused(
            _("The Excel file cannot be opened. Save it again as .xlsx.")
        ) from exc
    if len(members) > XLSX_MAX_MEMBERS:
        raise SpreadsheetRefused(
            _("The Excel file holds too many parts (more than %(n)s).") % {"n": XLSX_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    ratio_exceeded = any(
        member.file_size > XLSX_RATIO_FROM
        and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > XLSX_MAX_UNCOMPRESSED or ratio_exceeded:
        raise SpreadsheetRefused(
            _(
                "The Excel file unpacks to more than %(mb)s MB or is compressed suspiciously "
                "well; it is refused. Save the list as CSV or split it."
            )
            % {"mb": XLSX_MAX_UNCOMPRESSED // (1024 * 1024)}
        )
