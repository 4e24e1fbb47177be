"""The monthly and the interim report as XLSX workbooks: a title sheet with the report's
sentences and narrative text, then one sheet per table of its sections (a chart's table and
the interim report's risk tables included), each named by its section's number and its title
("VII Darbinieki …"), with number cells, a frozen and repeated header row, column widths and
row heights from content, and a landscape print set-up.

A writer only: no request objects here. The same sections render the page and the DOCX.
"""

import io
import re

from flask_babel import force_locale

from app.i18n import language_of
from app.reports.documents import Report
from app.reports.sections import (
    Average,
    Chart,
    Hours,
    Money,
    RiskTable,
    Section,
    Table,
    no_data_text,
)
from app.risks import exports as risk_exports
from app.risks.labels import level_label
from app.spreadsheets import (
    alignment,
    bold_font,
    describe,
    finish_table,
    fit_rows,
    heading_row,
    print_setup,
    put,
    sheet_name,
    sheet_names,
)

#: "VII. Services provided …" → "VII"
SECTION_NUMBER = re.compile(r"^\s*([IVXLC]+)\.\s")
#: the title sheet's one column, in characters (it fits the width of a portrait A4 page)
TITLE_WIDTH = 80
#: a paragraph break in a narrative block (Markdown)
PARAGRAPHS = re.compile(r"\n\s*\n")


def write_xlsx(report: Report, language: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    with force_locale(language_of(language)):
        used: set[str] = set()
        describe(workbook, report.title, language_of(language))
        _title_sheet(workbook.active, report, used)
        planned = list(_sheets_of(report))
        names = sheet_names([title for title, _, _ in planned], used)
        for name, (_, write, block) in zip(names, planned, strict=True):
            write(workbook.create_sheet(name), block)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheets_of(report: Report):
    """(the sheet's title, its writer, the block) for each table of the report, in order."""
    for section in report.sections:
        number = section_number(section)
        for block in section.blocks:
            if isinstance(block, Chart):
                block = block.table
            if isinstance(block, Table):
                yield _prefixed(number, block.title), _table_sheet, block
            elif isinstance(block, RiskTable):
                yield _prefixed(number, risk_exports.title()), _risk_sheet, block


def section_number(section: Section) -> str:
    """The section's Roman number as the report numbers it, or "" (the monthly report's)."""
    found = SECTION_NUMBER.match(str(section.title))
    return found.group(1) if found else ""


def _prefixed(number: str, title: str) -> str:
    return f"{number} {title}" if number else str(title)


def block_text(block) -> list[str]:
    """A block that is neither a table nor a chart as paragraphs of text: a sentence, or a
    narrative block (Markdown in `markdown`, else whatever it says of itself)."""
    if isinstance(block, str):
        return [block]
    markdown = getattr(block, "markdown", None)
    text = markdown if isinstance(markdown, str) else str(block)
    return [part.strip() for part in PARAGRAPHS.split(text) if part.strip()]


def _title_sheet(sheet, report: Report, used: set[str]) -> None:
    sheet.title = sheet_name(report.title, used)
    put(sheet, 1, 1, report.title).font = bold_font(12)
    lines: list[tuple[str, bool]] = [(line, False) for line in report.lines]
    if not report.has_data:
        lines.append((no_data_text(), False))
    for section in report.sections:
        texts: list[str] = []
        for block in section.blocks:
            if isinstance(block, RiskTable):
                texts.append(block.period_line())
            elif not isinstance(block, Table | Chart):
                texts += block_text(block)
        if texts:
            lines += [(str(section.title), True), *((text, False) for text in texts)]
    for number, (line, bold) in enumerate(lines, start=2):
        cell = put(sheet, number, 1, line)
        cell.alignment = alignment(None, True, "top")
        if bold:
            cell.font = bold_font()
    sheet.column_dimensions["A"].width = TITLE_WIDTH
    fit_rows(sheet, 2)
    print_setup(sheet, header_row=None, landscape=False)


def _table_sheet(sheet, table: Table) -> None:
    heading_row(sheet, 1, table.headings)
    rows = [*table.rows, *([table.total] if table.total else [])]
    for line, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = _cell(sheet, line, column, value)
            if row is table.total:
                cell.font = bold_font()
    if not rows:
        put(sheet, 2, 1, table.empty or no_data_text())
    finish_table(sheet, rows=len(rows), freeze="B2", auto_filter=bool(rows))


def _risk_sheet(sheet, block: RiskTable) -> None:
    """The report's four columns of the risk table, the period above them."""
    put(sheet, 1, 1, block.period_line()).font = bold_font()
    heading_row(sheet, 2, risk_exports.headings())
    names = risk_exports.type_names() if block.rows else {}
    for line, row in enumerate(block.rows, start=3):
        values = [
            level_label(row["contract_priority"]),
            "\n".join(risk_exports.type_lines(row, names)),
            "\n".join(risk_exports.measure_lines(row)),
            "\n".join(risk_exports.assessment_lines(row))
            if row["assessment"]
            else risk_exports.not_assessed_text(),
        ]
        for column, value in enumerate(values, start=1):
            put(sheet, line, column, value)
    if not block.rows:
        put(sheet, 3, 1, risk_exports.empty_text())
    finish_table(sheet, rows=len(block.rows), header_row=2, auto_filter=bool(block.rows))


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
