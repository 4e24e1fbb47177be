"""The reports as Word documents (app/reports/documents.py builds them): A4 with the header
line and page numbers, the title block, tables sized to their words on portrait or landscape
pages, charts as PNG, the risk register's table. Imported only when a document is written, so
the pages that show a report never load python-docx."""

import io
from datetime import datetime

from flask_babel import force_locale

from app import documents
from app.i18n import format_day
from app.reports import charts, sections
from app.reports.documents import Progress, Report, problem_label, solution_label
from app.reports.sections import (
    Average,
    Challenge,
    Chart,
    Hours,
    Note,
    Prose,
    RiskTable,
    Subheading,
    Table,
)
from app.risks import exports as risk_exports

#: lengths in EMUs (python-docx's unit, 36 000 a millimetre, 12 700 a point): python-docx is
#: imported only where a document is written
CHART_WIDTH = 150 * 36_000
PARAGRAPH_GAP = 6 * 12_700
LINE_GAP = 2 * 12_700
#: a table of more columns (the months of a period side by side) goes on a landscape page, and
#: so does one whose words do not fit across a portrait page
WIDE_COLUMNS = 6
DRAFT_COLOUR = (0xC0, 0x00, 0x00)


def write_docx(
    report: Report, language: str, progress: Progress | None = None, now: datetime | None = None
) -> bytes:
    """The report as a Word document: A4 portrait with the header line and page numbers on
    every page, the title block, the risk tables and the tables too wide for a portrait page on
    landscape pages, charts as PNG images under a numbered caption each followed by its data
    table, how figures are counted as footnotes, the staff's Markdown as Word paragraphs, and a
    red "Draft" line when the figures are not final. `progress` hears of each section; `now`
    (UTC, default the present) is the document's created and modified time."""
    from docx.shared import RGBColor

    language = documents.language_of(language)
    with force_locale(language):
        document = documents.new_document(report.title, language, header=report.header, now=now)
        writer = _Writer(document)
        documents.title_block(
            document,
            format_day(report.dated) if report.dated else "",
            report.title,
            report.subtitles,
            " · ".join(report.lines),
        )
        if report.drafts:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(report.draft_line())
            run.bold, run.font.color.rgb = True, RGBColor(*DRAFT_COLOUR)
        if not report.has_data:
            document.add_paragraph(sections.no_data_text())
        for done, section in enumerate(report.sections, start=1):
            # the heading goes on the page of the section's first block
            first = section.blocks[0] if section.blocks else None
            documents.turn(document, landscape=_wide(first, document))
            writer.last = documents.heading(document, section.title, level=2)
            for block in section.blocks:
                writer.block(block)
            if progress:
                progress(done, len(report.sections))
    return documents.saved(document)


def _wide(block, document=None) -> bool:
    """Whether the block goes on a landscape page: a risk table, or a table of many columns
    (the months of a period side by side) or whose words do not fit across a portrait page,
    that has rows. A chart stays on the portrait page."""
    if isinstance(block, Table):
        if not block.rows:
            return False
        if len(block.headings) > WIDE_COLUMNS:
            return True
        rows = [*block.rows, *([block.total] if block.total else [])]
        portrait = documents.A4[0] - 2 * documents.MARGIN
        return not documents.fits(block.headings, rows, _numeric_columns(block), portrait)
    return isinstance(block, RiskTable)


class _Writer:
    """Writes a section's blocks, numbering the figures and remembering the last paragraph
    (the one a footnote is attached to)."""

    def __init__(self, document):
        self.document = document
        self.figures = 0
        self.last = None

    def block(self, block) -> None:
        document = self.document
        documents.turn(document, landscape=_wide(block, document))
        if isinstance(block, Note):
            documents.footnote(document, self.last or document.add_paragraph(), block)
        elif isinstance(block, Subheading):
            self.last = documents.heading(document, block, level=3)
        elif isinstance(block, Prose):
            documents.add_markdown(document, block.markdown)
            self.last = document.paragraphs[-1]
        elif isinstance(block, Challenge):
            self._challenge(block)
        elif isinstance(block, str):
            # a sentence after a table would otherwise touch its bottom border
            self.last = document.add_paragraph(block)
            self.last.paragraph_format.space_before = PARAGRAPH_GAP
        elif isinstance(block, Chart):
            self.figures += 1
            self.last = documents.figure(
                document,
                io.BytesIO(charts.png(block)),
                CHART_WIDTH,
                self.figures,
                block.title,
            )
            self.block(block.table)
        elif isinstance(block, Table):
            _write_table(document, block)
            self.last = document.paragraphs[-1]
        elif isinstance(block, RiskTable):
            self.last = documents.keep_with_next(document.add_paragraph(block.period_line()))
            if block.note:
                note = document.add_paragraph()
                note.add_run(block.note).italic = True
                self.last = documents.keep_with_next(note)
            if block.rows:
                risk_exports.add_risk_table(document, block.rows, block.period)
            else:
                document.add_paragraph(risk_exports.empty_text())

    def _challenge(self, block: Challenge) -> None:
        for label, text in ((problem_label(), block.problem), (solution_label(), block.solution)):
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(documents.clean(text.strip()))
            paragraph.paragraph_format.space_after = LINE_GAP
            documents.keep_with_next(paragraph, label == problem_label())
            self.last = paragraph
        self.last.paragraph_format.space_after = PARAGRAPH_GAP


def _write_table(document, table: Table) -> None:
    """The table across the page: its heading kept with it, its number columns narrow and
    right-aligned, its text columns as wide as their words need, the total row bold."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    documents.heading(document, table.title, level=3)
    if not table.rows:
        document.add_paragraph(table.empty or sections.no_data_text())
        return
    numeric = _numeric_columns(table)
    rows = [*table.rows, *([table.total] if table.total else [])]
    widths = documents.content_widths(
        table.headings, rows, numeric, documents.text_width(document.sections[-1])
    )
    grid = documents.add_table(document, widths, table.headings)
    for cell, is_number in zip(grid.rows[0].cells, numeric, strict=True):
        if is_number:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        _table_row(grid, row, numeric)
    if table.total:
        _table_row(grid, table.total, numeric, bold=True)
    documents.set_widths(grid, widths)
    documents.keep_with_heading(grid)


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


def _table_row(grid, values: list, numeric: list[bool], bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for cell, value, is_number in zip(grid.add_row().cells, values, numeric, strict=True):
        align = WD_ALIGN_PARAGRAPH.RIGHT if is_number else None
        documents.fill(cell, [str(value)], bold=bold, align=align)
