"""The monthly report as an XLSX workbook: a title sheet with the report's sentences, then one
sheet per table of its sections, with number cells, a frozen header row and column widths.

A writer only: no request objects here. The same sections render the page and the DOCX.
"""

import io
import re

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.documents import language_of
from app.reports.documents import Report
from app.reports.sections import Average, Hours, Money, RiskTable, Table, no_data_text, tables_of

# the timesheet export's cell writers: text stays text, never a formula
from app.spreadsheets import heading_row, put

#: characters a sheet's name cannot hold
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FIRST_WIDTH = 44
WIDTH = 14


def write_xlsx(report: Report, language: str) -> bytes:
    workbook = Workbook()
    with force_locale(language_of(language)):
        _title_sheet(workbook.active, report)
        used = {workbook.active.title}
        for table in tables_of(report.sections):
            _table_sheet(workbook.create_sheet(_sheet_name(table.title, used)), table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:28] or "Sheet"
    name, number = base, 2
    while name in used:
        name, number = f"{base} {number}", number + 1
    used.add(name)
    return name


def _title_sheet(sheet, report: Report) -> None:
    sheet.title = _sheet_name(report.title, set())
    put(sheet, 1, 1, report.title).font = Font(bold=True, size=12)
    lines = list(report.lines)
    if not report.has_data:
        lines.append(no_data_text())
    for section in report.sections:
        texts = [block for block in section.blocks if isinstance(block, str)]
        if texts:
            lines += [section.title, *texts]
        lines += [block.period_line() for block in section.blocks if isinstance(block, RiskTable)]
    for number, line in enumerate(lines, start=2):
        put(sheet, number, 1, line)
    sheet.column_dimensions["A"].width = 120


def _table_sheet(sheet, table: Table) -> None:
    heading_row(sheet, 1, table.headings, wrap=True)
    rows = [*table.rows, *([table.total] if table.total else [])]
    for line, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = _cell(sheet, line, column, value)
            if row is table.total:
                cell.font = Font(bold=True)
    if not rows:
        put(sheet, 2, 1, table.empty or no_data_text())
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = FIRST_WIDTH
    for column in range(2, len(table.headings) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTH


def _cell(sheet, line: int, column: int, value):
    if isinstance(value, Hours):
        return put(sheet, line, column, value.number, "0.00")
    if isinstance(value, Average):
        return put(sheet, line, column, value.number, "0.0")
    if isinstance(value, Money):
        return put(sheet, line, column, value.number, "#,##0.00")
    if not isinstance(value, int | float | str) and value is not None:
        return put(sheet, line, column, str(value))  # a count masked for the funder: "<3"
    return put(sheet, line, column, value)
