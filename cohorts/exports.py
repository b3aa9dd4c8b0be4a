"""Tables for funders as CSV or XLSX.

CSV: UTF-8 with a byte-order mark, "," or ";" between cells (docs/decisions/
cohorts-cancel-and-exports.md), and every text cell through `neutralise`, so that a name typed
as "=cmd|..." is shown as text and never run as a formula by a spreadsheet.

XLSX: dates and times as real date cells (the zone is named in the column's header), a frozen
header row, an autofilter and column widths from the content. Text cells are written as they
are, typed as strings: an XLSX string cell is never evaluated, so no quote is needed.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from learning.spreadsheets import neutralise

DATETIME_TEXT = "%Y-%m-%d %H:%M"
DATE_TEXT = "%Y-%m-%d"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 8, 50  # characters

SEPARATORS = {"comma": ",", "semicolon": ";"}
# Excel splits a CSV on the "list separator" of the computer's regional settings, which is ";"
# wherever the decimal separator is a comma. Languages (the part before "-") whose usual
# regions write 3,5: their CSV default is ";". Others (en, zh, ar, lo, ...) get ",".
# Django's own formats are not used for this: they give Arabic a decimal comma, while Excel
# in Arabic-speaking regions writes 3.5 and splits on ",".
SEMICOLON_LANGUAGES = frozenset(
    {"fr", "es", "ru", "de", "it", "pt", "nl", "pl", "tr", "uk", "cs", "id", "vi", "tg", "uz"}
)


def default_separator(language_code: str | None) -> str:
    """ "semicolon" or "comma", the CSV separator that Excel expects in this language."""
    base = (language_code or "").lower().split("-")[0].split("_")[0]
    return "semicolon" if base in SEMICOLON_LANGUAGES else "comma"


@dataclass
class Table:
    """Cells are str, int, float, None, or a date / datetime already in the zone the header
    names (aware or naive; the zone is dropped in the XLSX cell, kept as wall-clock time)."""

    title: str
    header: list[str]
    rows: list[list]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_TEXT)
    if isinstance(value, date):
        return value.strftime(DATE_TEXT)
    return neutralise(value)


def table_csv(table: Table, *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([neutralise(str(cell)) for cell in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    # A byte-order mark so that spreadsheet programs read the names' scripts as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(value) -> int:
    if isinstance(value, datetime):
        return len(XLSX_DATETIME_FORMAT)
    if isinstance(value, date):
        return len(XLSX_DATE_FORMAT)
    return len(str(value)) if value is not None else 0


def column_widths(table: Table) -> list[int]:
    """Width of each column in characters: its longest cell (header included) plus a margin
    for the filter button, between MIN_WIDTH and MAX_WIDTH."""
    widths = [_width(cell) for cell in table.header]
    for row in table.rows:
        for index, cell in enumerate(row):
            size = _width(cell)
            if index < len(widths):
                if size > widths[index]:
                    widths[index] = size
            else:
                widths.append(size)
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]


def table_xlsx(table: Table) -> bytes:
    """A write-only workbook (rows streamed). Plain values are appended as they are; only the
    cells that need a type or a style get a WriteOnlyCell: dates (number format), the header
    (bold) and text starting with "=" (forced to a string, which openpyxl would otherwise
    store as a formula)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.title))
    widths = column_widths(table)
    # Column widths, the frozen row and the filter are written before the rows: set them first.
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{len(table.rows) + 1}"
    bold = Font(bold=True)

    def text_cell(value: str, *, font=None):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the first character
        if font is not None:
            cell.font = font
        return cell

    def dated(value):
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
            cell.number_format = XLSX_DATETIME_FORMAT
        else:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = XLSX_DATE_FORMAT
        return cell

    sheet.append([text_cell(str(cell), font=bold) for cell in table.header])
    for row in table.rows:
        sheet.append(
            [
                dated(cell)
                if isinstance(cell, date)
                else text_cell(cell)
                if isinstance(cell, str) and cell.startswith("=")
                else cell
                for cell in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\ ."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or _("Export")
