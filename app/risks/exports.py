"""The interim report's risk table (section IX) as DOCX and XLSX.

Writers only: no request objects here. They take the rows of queries.risk_table(period,
language), so the documents hold exactly what the register's pages show for that period.
Headings and priority words follow `language` (gettext inside force_locale).
"""

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.i18n import format_day
from app.periods.models import Period
from app.risks.labels import level_label
from app.risks.models import RiskType
from app.spreadsheets import clean, heading_row, put

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: DOCX column widths on a landscape A4 page with 20 mm margins (257 mm of text width)
DOCX_WIDTHS = (Mm(24), Mm(41), Mm(96), Mm(96))
#: XLSX column widths in characters, in heading order
XLSX_WIDTHS = (12, 26, 60, 60, 11, 10, 8, 12, 14, 24)
#: the document's language tag for spelling and hyphenation in word processors
LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}


def _locale(language: str) -> str:
    return "en" if language == "en" else "lv"


def title() -> str:
    return _("Risk analysis and assessment")


def headings() -> list[str]:
    """The report's four columns, in the current locale."""
    return [
        _("Priority"),
        _("Risk type"),
        _("Measures to prevent or reduce the risk"),
        _("Assessment of the impact in the period"),
    ]


def xlsx_headings() -> list[str]:
    return [
        *headings(),
        _("Likelihood (1–5)"),
        _("Impact (1–5)"),
        _("Score"),
        _("Band by score"),
        _("Assessed on"),
        _("Assessed by"),
    ]


def period_line(period: Period) -> str:
    return _(
        "Reporting period: %(start)s – %(end)s",
        start=format_day(period.starts_on),
        end=format_day(period.ends_on),
    )


def contract_line(period: Period) -> str:
    return _("Contract No. %(number)s", number=period.contract.number)


def empty_text() -> str:
    return _("No risks were in the register in this period.")


def not_assessed_text() -> str:
    return _("Not assessed for this period.")


def type_names() -> dict[int, set[str]]:
    """Each risk type's names in both languages, case-folded (one query)."""
    rows = RiskType.select(RiskType.id, RiskType.name_lv, RiskType.name_en).tuples()
    return {type_id: {lv.casefold(), en.casefold()} for type_id, lv, en in rows}


def type_lines(row: dict, names: dict[int, set[str]] | None = None) -> list[str]:
    """The risk type, and the risk's own title under it when it is more than the type's name
    (in either language)."""
    title = row["title"].strip()
    same = {row["type_name"].casefold(), *(names or {}).get(row["type_id"], ())}
    if title and title.casefold() not in same:
        return [row["type_name"], title]
    return [row["type_name"]]


def measure_lines(row: dict) -> list[str]:
    """'1. …', '2. …': numbered by their position in the contract (dropped ones are not here)."""
    return [f"{measure['position']}. {measure['text'].strip()}" for measure in row["measures"]]


def assessment_lines(row: dict) -> list[str]:
    assessment = row["assessment"]
    if not assessment:
        return []
    return [line.strip() for line in assessment["text"].splitlines() if line.strip()]


def assessed_by_line(row: dict) -> str:
    assessment = row["assessment"]
    return _(
        "Assessed on %(date)s by %(name)s",
        date=format_day(assessment["written_on"]),
        name=assessment["author_name"],
    )


# --- DOCX ----------------------------------------------------------------------------------


def write_docx(rows: Iterable[dict], period: Period, language: str = "lv") -> bytes:
    """A landscape A4 document: the heading, the period, and the risk table with one row per
    risk (high priority first, as given), its header row repeated on every page."""
    rows = list(rows)
    language = _locale(language)
    document = Document()
    page_setup(document, language)
    with force_locale(language):
        document.core_properties.title = title()
        document.core_properties.author = ""
        document.core_properties.language = LANGUAGE_TAGS[language]
        document.add_heading(title(), level=1)
        document.add_paragraph(period_line(period))
        document.add_paragraph(contract_line(period))
        if not rows:
            document.add_paragraph(empty_text())
        else:
            add_risk_table(document, rows)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def page_setup(document, language: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    fonts = normal.element.get_or_add_rPr()
    lang = fonts.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        fonts.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS[language])


def add_risk_table(document, rows: list[dict]) -> None:
    table = document.add_table(rows=1, cols=len(DOCX_WIDTHS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    names = type_names()
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, headings(), strict=True):
        _fill(cell, [text], bold=True)
    for row in rows:
        cells = table.add_row().cells
        _fill(cells[0], [level_label(row["contract_priority"])])
        type_cell = type_lines(row, names)
        _fill(cells[1], type_cell[:1], bold=True)
        for line in type_cell[1:]:
            _add_line(cells[1], line)
        _fill(cells[2], measure_lines(row))
        if row["assessment"]:
            _fill(cells[3], assessment_lines(row))
            _add_line(cells[3], assessed_by_line(row), italic=True, size=Pt(8))
        else:
            _fill(cells[3], [not_assessed_text()], italic=True)
    for row in table.rows:
        for cell, width in zip(row.cells, DOCX_WIDTHS, strict=True):
            cell.width = width


def _repeat_as_header(row) -> None:
    """Word repeats a row marked tblHeader at the top of each page; it is never split."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _fill(cell, lines: list[str], **style) -> None:
    """The cell's first paragraph holds the first line; each further line is a paragraph."""
    first, *rest = lines or [""]
    paragraph = cell.paragraphs[0]
    _styled_run(paragraph, first, **style)
    for line in rest:
        _add_line(cell, line, **style)


def _add_line(cell, text: str, **style) -> None:
    _styled_run(cell.add_paragraph(), text, **style)


def _styled_run(paragraph, text: str, bold=False, italic=False, size=None) -> None:
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(clean(text))
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = size


# --- XLSX ----------------------------------------------------------------------------------


def write_xlsx(rows: Iterable[dict], period: Period, language: str = "lv") -> bytes:
    """One sheet: a title row, then the report's four columns plus the period's likelihood,
    impact, score and band, with a frozen header row, column widths and wrapped text."""
    rows = list(rows)
    language = _locale(language)
    workbook = Workbook()
    sheet = workbook.active
    with force_locale(language):
        sheet.title = clean(_("Risks"))[:31] or "Risks"
        put(sheet, 1, 1, f"{title()} · {period_line(period)}").font = Font(bold=True, size=12)
        heading_row(sheet, 2, xlsx_headings(), wrap=True)
        names = type_names() if rows else {}
        line = 3
        for row in rows:
            _xlsx_row(sheet, line, row, names)
            line += 1
        if not rows:
            put(sheet, line, 1, empty_text())
    sheet.freeze_panes = "A3"
    for column, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_row(sheet, line: int, row: dict, names: dict) -> None:
    assessment = row["assessment"]
    values = [
        level_label(row["contract_priority"]),
        "\n".join(type_lines(row, names)),
        "\n".join(measure_lines(row)),
        "\n".join(assessment_lines(row)) if assessment else not_assessed_text(),
    ]
    if assessment:
        values += [
            assessment["likelihood"],
            assessment["impact"],
            assessment["score"],
            level_label(assessment["band"]),
            assessment["written_on"],
            assessment["author_name"],
        ]
    for column, value in enumerate(values, start=1):
        cell = put(sheet, line, column, value, "DD.MM.YYYY" if column == 9 else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
