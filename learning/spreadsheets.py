"""Cells that are safe to open in a spreadsheet program (CSV and XLSX exports, imports)."""

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula(value: str) -> bool:
    return bool(value) and value.startswith(FORMULA_PREFIXES)


def neutralise(value):
    """Quote a text cell that would run as a formula; other values pass unchanged."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value
