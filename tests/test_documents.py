"""The shared Word layer (app/documents.py): A4 set-up, language, header and footer, sections
and tables, read back from the saved file as a word processor would."""

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app import documents
from app.i18n import language_of


def reopened(document):
    return docx.Document(io.BytesIO(documents.saved(document)))


def mm(length) -> float:
    return round(length.mm, 1)


def test_a_new_document_is_portrait_a4_with_20_mm_margins():
    section = reopened(documents.new_document("Title", "lv")).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert {mm(margin) for margin in margins} == {20}
    assert mm(documents.text_width(section)) == 170


def test_a_landscape_document_turns_the_page():
    section = reopened(documents.new_document("Title", "lv", landscape=True)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (mm(section.page_width), mm(section.page_height)) == (297, 210)
    assert mm(documents.text_width(section)) == 257


@pytest.mark.parametrize(("language", "tag"), [("lv", "lv-LV"), ("en", "en-GB")])
def test_the_text_and_the_properties_carry_the_language_tag(language, tag):
    document = reopened(documents.new_document("Title", language))
    normal = document.styles["Normal"]
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == tag
    assert normal.font.size == Pt(10)
    assert document.core_properties.language == tag
    assert document.core_properties.title == "Title"
    assert document.core_properties.author == ""


@pytest.mark.parametrize(
    ("asked", "language"), [("en", "en"), ("lv", "lv"), ("de", "lv"), ("", "lv")]
)
def test_a_language_other_than_english_is_latvian(asked, language):
    assert language_of(asked) == language


def test_every_footer_numbers_the_pages_and_the_header_names_the_document():
    section = reopened(documents.new_document("Monthly report", "en")).sections[0]
    xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in xml and 'w:instr="NUMPAGES"' in xml
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    # the same header and footer on every page, the first included (the title block is below)
    assert not section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "Monthly report"


def test_turning_adds_a_section_only_for_the_other_orientation():
    document = documents.new_document("Title", "lv")
    assert documents.turn(document, landscape=False) is not None
    assert len(document.sections) == 1
    documents.turn(document, landscape=True)
    documents.turn(document, landscape=True)
    documents.turn(document, landscape=False)
    sections = reopened(document).sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    landscape = sections[1]
    assert (mm(landscape.page_width), mm(landscape.page_height)) == (297, 210)
    # a new section keeps the document's header and footer, the title from its first page on
    assert landscape.header.is_linked_to_previous and landscape.footer.is_linked_to_previous
    assert not landscape.different_first_page_header_footer


def test_a_table_has_fixed_widths_and_a_repeated_bold_heading_row():
    document = documents.new_document("Title", "lv")
    widths = (Mm(40), Mm(100), Mm(30))
    table = documents.add_table(document, widths, ["A", "B", "C"])
    row = table.add_row()
    documents.fill(row.cells[1], ["first", "second"], italic=True)
    documents.add_line(row.cells[2], "small", size=Pt(8), align=WD_ALIGN_PARAGRAPH.RIGHT)
    table = reopened(document).tables[0]
    assert not table.autofit
    assert [mm(column.width) for column in table.columns] == [40, 100, 30]
    for read_row in table.rows:
        assert [mm(cell.width) for cell in read_row.cells] == [40, 100, 30]
    heading = table.rows[0]
    properties = heading._tr.trPr
    assert properties.find(qn("w:tblHeader")) is not None
    assert properties.find(qn("w:cantSplit")) is not None
    assert [cell.text for cell in heading.cells] == ["A", "B", "C"]
    assert all(cell.paragraphs[0].runs[0].bold for cell in heading.cells)
    lines = table.rows[1].cells[1].paragraphs
    assert [p.text for p in lines] == ["first", "second"]
    assert all(p.runs[0].italic for p in lines)
    small = table.rows[1].cells[2].paragraphs[-1]
    assert small.runs[0].font.size == Pt(8)
    assert small.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_cells_drop_characters_xml_cannot_hold():
    document = documents.new_document("Title", "lv")
    table = documents.add_table(document, (Mm(50),), ["Heading"])
    documents.fill(table.add_row().cells[0], ["bell\x07 and null\x00"])
    assert reopened(document).tables[0].rows[1].cells[0].text == "bell and null"
