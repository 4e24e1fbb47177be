"""Cells for every export: text that stays text (no CSV or XLSX formula injection), numbers
that stay numbers, bold heading rows. Used by the timesheet, risk, training and report exports."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: a spreadsheet treats a cell starting with one of these as a formula (CSV injection)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """Prefix a cell a spreadsheet would read as a formula with a single quote."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def clean(value):
    """Text without the control characters XML cannot hold (XLSX and DOCX alike)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def put(sheet, row: int, column: int, value, number_format: str | None = None):
    """Write one cell: strings as text, never formulas; numbers with their format."""
    cell = sheet.cell(row=row, column=column, value=clean(value))
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if number_format:
        cell.number_format = number_format
    return cell


def heading_row(sheet, row: int, values: list, wrap: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = put(sheet, row, column, value)
        cell.font = Font(bold=True)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def finish_table(sheet, widths: tuple[int, ...], rows: int) -> None:
    """A table from A1 down: frozen heading row, a filter over it, column widths."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(rows + 1, 1)}"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
