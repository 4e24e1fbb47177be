"""The interim report as a workbook: a sheet per table of each section, named by the section's
number and the table in the reader's language, with the report's numbers as number cells, the
risk table with heights that fit its text, a print set-up on every sheet, and narrative blocks
of any kind as text on the title sheet."""

import io
import re
from dataclasses import dataclass

import openpyxl
import pytest
from flask_babel import force_locale

from app.calendar import local_today
from app.reports import documents, exports, sections
from app.reports.sections import Average, Chart, Hours, Money, RiskTable, Section, Table
from tests.reports.conftest import FIRST_INTERIM

ROMAN = re.compile(r"^([IVXLC]+) ")


@dataclass
class Prose:
    """A narrative block as another part of the report writes it: staff Markdown."""

    markdown: str


class Opaque:
    """A block type the workbook has never heard of."""

    def __str__(self) -> str:
        return "Partneri: pašvaldība un biedrība"


def interim(in_demo, language: str, extra: list[Section] | None = None):
    with in_demo(), force_locale(language):
        report = documents.interim(
            *FIRST_INTERIM, sections.People(), local_today(), False, language
        )
        report.sections += extra or []
        body = exports.write_xlsx(report, language)
    return report, openpyxl.load_workbook(io.BytesIO(body))


def xlsx_value(cell):
    """What a table's cell becomes in a workbook: hours, averages and money numbers."""
    if isinstance(cell, Hours | Average | Money):
        return cell.number
    return cell if cell != "" else None


def planned(report) -> list[tuple[str, object]]:
    """(the section's number, the table or risk table) for every sheet after the title's."""
    found = []
    for section in report.sections:
        number = exports.section_number(section)
        for block in section.blocks:
            block = block.table if isinstance(block, Chart) else block
            if isinstance(block, Table | RiskTable):
                found.append((number, block))
    return found


@pytest.mark.parametrize("language", ["lv", "en"])
def test_each_table_has_a_sheet_named_by_its_section_and_title(in_demo, language):
    report, book = interim(in_demo, language)
    sheets = book.worksheets[1:]
    tables = planned(report)
    assert len(sheets) == len(tables) > 10
    assert len({sheet.title.casefold() for sheet in book.worksheets}) == len(book.worksheets)
    for sheet, (number, block) in zip(sheets, tables, strict=True):
        assert len(sheet.title) <= 31
        assert ROMAN.match(sheet.title).group(1) == number, sheet.title
        title = block.title if isinstance(block, Table) else None
        if title:
            shown = sheet.title.removeprefix(number + " ").replace("…", " ")
            words = [word.strip(",.;") for word in shown.split()]
            title_words = [word.strip(",.;") for word in title.replace(":", " ").split()]
            assert all(word in title_words for word in words), (sheet.title, title)
    staff = next(s for s, (_, b) in zip(sheets, tables, strict=True) if b.key == "staff")
    assert staff.title.startswith("VII ")


def test_the_sheets_hold_the_reports_numbers(in_demo):
    report, book = interim(in_demo, "lv")
    for sheet, (_, block) in zip(book.worksheets[1:], planned(report), strict=True):
        if not isinstance(block, Table) or not block.rows:
            continue
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == block.headings
        values = [*block.rows, *([block.total] if block.total else [])]
        assert rows[1:] == [tuple(xlsx_value(cell) for cell in row) for row in values], block.key


def test_the_risk_sheet_fits_its_text_and_every_sheet_prints_landscape(in_demo):
    report, book = interim(in_demo, "lv")
    risk_sheets = [
        sheet
        for sheet, (_, block) in zip(book.worksheets[1:], planned(report), strict=True)
        if isinstance(block, RiskTable)
    ]
    assert risk_sheets and risk_sheets[0].title.startswith("IX ")
    risks = risk_sheets[0]
    assert risks.cell(row=1, column=1).value.startswith("Pārskata periods")
    assert risks.freeze_panes == "A3" and risks.print_title_rows == "$2:$2"
    measures = risks.cell(row=3, column=3)
    assert measures.alignment.wrap_text and "\n" in measures.value
    assert risks.row_dimensions[3].height >= 15 * measures.value.count("\n")
    assert risks.column_dimensions["A"].width < risks.column_dimensions["C"].width
    for sheet in book.worksheets[1:]:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows, sheet.title
        assert sheet.freeze_panes, sheet.title


def test_narrative_blocks_of_any_kind_are_text_on_the_title_sheet(in_demo):
    prose = Prose("**Sadarbība** ar pašvaldību turpinājās.\n\nOtrā rindkopa par =1+1 un citu.")
    extra = [Section("XIV. Secinājumi", [prose, Opaque(), "Teikums."])]
    report, book = interim(in_demo, "lv", extra)
    texts = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
    at = texts.index("XIV. Secinājumi")
    assert texts[at + 1 : at + 5] == [
        "**Sadarbība** ar pašvaldību turpinājās.",
        "Otrā rindkopa par =1+1 un citu.",
        "Partneri: pašvaldība un biedrība",
        "Teikums.",
    ]
    title = book.worksheets[0]
    assert title.cell(row=at + 1, column=1).font.bold
    assert title.cell(row=at + 3, column=1).data_type == "s"  # not a formula
    assert len(book.worksheets) == len(planned(report)) + 1  # no sheet for a narrative


def test_long_narrative_rows_are_as_tall_as_their_text(in_demo):
    long = " ".join(["Mentori palīdzēja klientiem ar dokumentiem un pierakstiem."] * 12)
    report, book = interim(in_demo, "lv", [Section("XII. Izaicinājumi", [Prose(long)])])
    title = book.worksheets[0]
    row = next(cell.row for cell in title["A"] if cell.value == long)
    assert title.row_dimensions[row].height >= 15 * (len(long) // 100)


def test_the_workbook_carries_the_reports_title(in_demo):
    report, book = interim(in_demo, "en")
    assert book.properties.title == report.title
    assert book.properties.language == "en"
    assert book.properties.creator != "openpyxl"
