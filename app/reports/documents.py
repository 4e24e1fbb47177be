"""The monthly report, the interim-report pack and the yearly summary as DOCX, written from the
report's sections.

Writers and builders only: no request objects here, so a job thread can build a pack. Headings
follow the document's language (gettext inside force_locale); the page, the tables and the header
and footer are app/documents.py's, the risk table is the risk register's own, on a landscape page.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Mm, Pt
from flask_babel import force_locale

from app import documents
from app.clients.statistics import client_figures, yearly_summary
from app.reports import addenda, casework, charts, clients, finance, sections
from app.reports.queries import figures, interim_periods_within, staff_names
from app.reports.sections import Average, Chart, Hours, RiskTable, Section, Table
from app.risks import exports as risk_exports

CHART_WIDTH = Mm(165)
PARAGRAPH_GAP = Pt(6)
#: a number column's width at most, a text column's at least (170 mm of text on portrait A4)
NUMBER_WIDTH = Mm(25)
TEXT_WIDTH = Mm(45)
#: a table of more columns (the months of a period side by side) goes on a landscape page
WIDE_COLUMNS = 6

#: progress(done, total): called after each step of a long build
Progress = Callable[[int, int], None]


@dataclass
class Report:
    """A report in one language, ready to render: its title, the lines under it, sections."""

    title: str
    lines: list[str]
    sections: list[Section]
    has_data: bool


def monthly(first: date, last: date, people: sections.People, today: date) -> Report:
    """The monthly report in the current locale, with its compact section on clients and the
    month's plans and complexity (a one-month chart would say nothing: the table only), and the
    extraordinary-situation addendum when one covers the month."""
    data, served = figures(first, last, today), client_figures(first, last)
    found = sections.monthly_sections(data, people)
    addendum = addenda.addendum_section(first, data, people)
    return Report(
        sections.monthly_title(data),
        [sections.range_line(data)],
        [
            found[0],
            clients.monthly_section(served, people),
            *casework.plans_sections(first, last),
            casework.complexity_section(first, last, charted=False),
            casework.evaluation_section(first, last),
            *found[1:],
            *([addendum] if addendum else []),
        ],
        data.has_data or bool(served.clients),
    )


def interim(
    first: date, last: date, people: sections.People, today: date, reported_only: bool, lang: str
) -> Report:
    """The interim-report pack in the current locale; `reported_only` keeps the risk tables of
    periods not yet reported to the funder out (the auditor's rule for the risk export)."""
    data, served = figures(first, last, today), client_figures(first, last)
    periods = [
        period
        for period in interim_periods_within(first, last)
        if period.reported_on is not None or not reported_only
    ]
    names = staff_names(served.worker_ids) if people.shown else {}
    seventh, ninth, thirteenth = sections.interim_sections(data, people, periods, lang)
    return Report(
        sections.interim_title(),
        [sections.range_line(data)],
        [
            clients.portrait_section(served, people),
            clients.served_section(served, people, names),
            *casework.plans_sections(first, last),
            casework.complexity_section(first, last),
            seventh,
            casework.evaluation_section(first, last),
            ninth,
            finance.finance_section(first, last, data),
            thirteenth,
        ],
        data.has_data or bool(served.clients),
    )


def yearly(first_year: int, last_year: int, people: sections.People) -> Report:
    """The funder's yearly summary of the clients served, in the current locale."""
    summary = yearly_summary(first_year, last_year)
    return Report(
        clients.yearly_title(summary),
        [clients.yearly_counting_note()],
        clients.yearly_sections(summary, people),
        any(year.clients for year in summary.years),
    )


def write_docx(report: Report, language: str, progress: Progress | None = None) -> bytes:
    """The report as a Word document: A4 portrait, the risk tables and the tables of many
    columns on landscape pages, charts as PNG images each followed by its data table.
    `progress` hears of each section."""
    language = documents.language_of(language)
    with force_locale(language):
        document = documents.new_document(report.title, language)
        document.add_heading(report.title, level=1)
        for line in report.lines:
            document.add_paragraph(line)
        if not report.has_data:
            document.add_paragraph(sections.no_data_text())
        for done, section in enumerate(report.sections, start=1):
            # the heading goes on the page of the section's first block
            first = section.blocks[0] if section.blocks else None
            documents.turn(document, landscape=_wide(first))
            document.add_heading(section.title, level=2)
            for block in section.blocks:
                _write_block(document, block)
            if progress:
                progress(done, len(report.sections))
    return documents.saved(document)


def _wide(block) -> bool:
    """Whether the block goes on a landscape page: a risk table, or a table of many columns
    (the months of a period side by side) that has rows. A chart stays on the portrait page."""
    if isinstance(block, Table):
        return len(block.headings) > WIDE_COLUMNS and bool(block.rows)
    return isinstance(block, RiskTable)


def _write_block(document, block) -> None:
    documents.turn(document, landscape=_wide(block))
    if isinstance(block, str):
        # a sentence after a table would otherwise touch its bottom border
        document.add_paragraph(block).paragraph_format.space_before = PARAGRAPH_GAP
    elif isinstance(block, Chart):
        document.add_picture(io.BytesIO(charts.png(block)), width=CHART_WIDTH)
        _write_block(document, block.table)
    elif isinstance(block, Table):
        _write_table(document, block)
    elif isinstance(block, RiskTable):
        document.add_paragraph(block.period_line())
        if block.rows:
            risk_exports.add_risk_table(document, block.rows)
        else:
            document.add_paragraph(risk_exports.empty_text())


def _write_table(document, table: Table) -> None:
    """The table across the page: its number columns narrow and right-aligned, its text columns
    sharing the rest."""
    document.add_heading(table.title, level=3)
    if not table.rows:
        document.add_paragraph(table.empty or sections.no_data_text())
        return
    numeric = _numeric_columns(table)
    widths = _column_widths(numeric, documents.text_width(document.sections[-1]))
    grid = documents.add_table(document, widths, table.headings)
    for row in table.rows:
        _table_row(grid, row, numeric)
    if table.total:
        _table_row(grid, table.total, numeric, bold=True)


def _numeric_columns(table: Table) -> list[bool]:
    """Which columns hold only numbers (the first, the rows' names, never does)."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [
        column > 0 and all(_is_number(row[column]) for row in rows)
        for column in range(len(table.headings))
    ]


def _is_number(value) -> bool:
    """A number, hours, an average, or a count masked for the funder (all have `number`)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float | Hours | Average) or hasattr(value, "number")


def _column_widths(numeric: list[bool], width: Length) -> list[Length]:
    """Number columns of at most NUMBER_WIDTH, text columns of at least TEXT_WIDTH sharing the
    rest of `width`."""
    numbers = sum(numeric)
    texts = len(numeric) - numbers
    number = min(NUMBER_WIDTH, (width - texts * TEXT_WIDTH) / numbers) if numbers else 0
    text = (width - numbers * number) / texts
    return [Length(int(number if is_number else text)) for is_number in numeric]


def _table_row(grid, values: list, numeric: list[bool], bold: bool = False) -> None:
    for cell, value, is_number in zip(grid.add_row().cells, values, numeric, strict=True):
        align = WD_ALIGN_PARAGRAPH.RIGHT if is_number else None
        documents.fill(cell, [str(value)], bold=bold, align=align)


def filename(kind: str, first: date, last: date, extension: str) -> str:
    if kind == "monthly":
        return f"monthly-report-{first:%Y-%m}.{extension}"
    if kind == "yearly":
        return f"yearly-summary-{first:%Y}-{last:%Y}.{extension}"
    return f"interim-report-{first.isoformat()}_{last.isoformat()}.{extension}"
