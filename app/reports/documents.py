"""The monthly report and the interim-report pack as DOCX, written from the report's sections.

Writers and builders only: no request objects here, so a job thread can build a pack. Headings
follow the document's language (gettext inside force_locale); the risk table is written by the
risk register's own exporter, on a landscape page.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm
from flask_babel import force_locale

from app.reports import charts, sections
from app.reports.queries import figures, interim_periods_within
from app.reports.sections import Chart, RiskTable, Section, Table
from app.risks import exports as risk_exports

DOCX_MIMETYPE = risk_exports.DOCX_MIMETYPE
CHART_WIDTH = Mm(165)

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
    """The monthly report in the current locale."""
    data = figures(first, last, today)
    return Report(
        sections.monthly_title(data),
        [sections.range_line(data)],
        sections.monthly_sections(data, people),
        data.has_data,
    )


def interim(
    first: date, last: date, people: sections.People, today: date, reported_only: bool, lang: str
) -> Report:
    """The interim-report pack in the current locale; `reported_only` keeps the risk tables of
    periods not yet reported to the funder out (the auditor's rule for the risk export)."""
    data = figures(first, last, today)
    periods = [
        period
        for period in interim_periods_within(first, last)
        if period.reported_on is not None or not reported_only
    ]
    return Report(
        sections.interim_title(),
        [sections.range_line(data)],
        sections.interim_sections(data, people, periods, lang),
        data.has_data,
    )


def write_docx(report: Report, language: str, progress: Progress | None = None) -> bytes:
    """The report as a Word document: A4 portrait, the risk tables on landscape pages, charts
    as PNG images each followed by its data table. `progress` hears of each section."""
    language = "en" if language == "en" else "lv"
    document = Document()
    risk_exports.page_setup(document, language)  # margins, font size, language tag
    _orient(document.sections[0], landscape=False)
    with force_locale(language):
        document.core_properties.title = report.title
        document.core_properties.author = ""
        document.core_properties.language = risk_exports.LANGUAGE_TAGS[language]
        document.add_heading(report.title, level=1)
        for line in report.lines:
            document.add_paragraph(line)
        if not report.has_data:
            document.add_paragraph(sections.no_data_text())
        for done, section in enumerate(report.sections, start=1):
            document.add_heading(section.title, level=2)
            for block in section.blocks:
                _write_block(document, block)
            if progress:
                progress(done, len(report.sections))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _write_block(document, block) -> None:
    if isinstance(block, str):
        document.add_paragraph(block)
    elif isinstance(block, Chart):
        document.add_picture(io.BytesIO(charts.png(block)), width=CHART_WIDTH)
        _write_table(document, block.table)
    elif isinstance(block, Table):
        _write_table(document, block)
    elif isinstance(block, RiskTable):
        _write_risks(document, block)


def _write_table(document, table: Table) -> None:
    document.add_heading(table.title, level=3)
    if not table.rows:
        document.add_paragraph(table.empty or sections.no_data_text())
        return
    grid = document.add_table(rows=1, cols=len(table.headings))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for row in table.rows:
        _table_row(grid, row)
    if table.total:
        _table_row(grid, table.total, bold=True)


def _table_row(grid, values: list, bold: bool = False) -> None:
    for cell, value in zip(grid.add_row().cells, values, strict=True):
        run = cell.paragraphs[0].add_run(str(value))
        run.bold = bold or None


def _write_risks(document, block: RiskTable) -> None:
    """The period's risk table on landscape pages, as the risk register exports it."""
    _orient(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    document.add_paragraph(block.period_line())
    if block.rows:
        risk_exports.add_risk_table(document, block.rows)
    else:
        document.add_paragraph(risk_exports.empty_text())
    _orient(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)


def _orient(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def filename(kind: str, first: date, last: date, extension: str) -> str:
    if kind == "monthly":
        return f"monthly-report-{first:%Y-%m}.{extension}"
    return f"interim-report-{first.isoformat()}_{last.isoformat()}.{extension}"
