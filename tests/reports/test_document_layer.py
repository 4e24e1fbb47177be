"""The shared document layer (app/documents.py) as a recipient's word processor reads it: the
header and page numbers on every page, widths per column, headings kept with their tables,
orientation per section, core properties, real footnotes, numbered captions, Markdown."""

import io
import zipfile
from datetime import UTC, datetime

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from flask_babel import force_locale

from app import documents

HEADER = documents.DocumentHeader("Biedrība X", "Līgums Nr. S-2019/01", "01.12.2019–31.05.2020")
NOW = datetime(2020, 6, 1, 9, 30, tzinfo=UTC)


def reopened(document):
    return docx.Document(io.BytesIO(documents.saved(document)))


def test_every_page_has_the_header_line_and_page_x_of_y():
    document = documents.new_document("Starpposma ziņojums", "lv", header=HEADER, now=NOW)
    documents.turn(document, landscape=True)
    documents.turn(document, landscape=False)
    written = reopened(document)
    for section in written.sections:
        assert not section.different_first_page_header_footer
        assert section.header.paragraphs[0].text == (
            "Biedrība X · Līgums Nr. S-2019/01 · 01.12.2019–31.05.2020"
        )
        footer = section.footer._element.xml
        assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
        assert " / " in section.footer.paragraphs[0].text
    assert [s.orientation for s in written.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    landscape = written.sections[1]
    assert round(landscape.page_width.mm) == 297 and round(landscape.page_height.mm) == 210


def test_core_properties_name_the_organisation_not_the_library():
    document = documents.new_document("Starpposma ziņojums", "lv", header=HEADER, now=NOW)
    properties = reopened(document).core_properties
    assert properties.title == "Starpposma ziņojums"
    assert properties.author == properties.last_modified_by == "Biedrība X"
    assert properties.created == properties.modified == NOW
    assert properties.language == "lv-LV"
    assert "python-docx" not in (properties.comments or "") + properties.author


def test_the_title_block_opens_with_the_date_title_and_period():
    document = documents.new_document("Interim report", "en", header=HEADER, now=NOW)
    documents.title_block(document, "01.06.2020", "Interim report", ["on the service"], "P")
    texts = [p.text for p in reopened(document).paragraphs]
    assert texts[:4] == ["01.06.2020", "Interim report", "on the service", "P"]


def test_a_heading_keeps_with_its_table_and_a_short_table_stays_whole():
    document = documents.new_document("T", "en", now=NOW)
    heading = documents.heading(document, "Hours by place", level=3)
    widths = documents.content_widths(
        ["Place", "Hours"],
        [["Reception centre", "12,5"], ["Remote (phone, video)", "3"]],
        [False, True],
        documents.text_width(document.sections[-1]),
    )
    table = documents.add_table(document, widths, ["Place", "Hours"])
    for row in (["Reception centre", "12,5"], ["Remote (phone, video)", "3"], ["Total", "15,5"]):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            documents.fill(cell, [text])
    documents.keep_with_heading(table)
    assert heading.paragraph_format.keep_with_next
    rows = reopened(document).tables[0].rows
    for row in rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    assert not any(p.paragraph_format.keep_with_next for p in rows[-1].cells[0].paragraphs)


def test_widths_come_from_the_content_number_columns_narrow():
    width = Mm(170)
    widths = documents.content_widths(
        ["Activity", "December 2019", "Hours"],
        [["Psychological and emotional support, crisis", "139,75", "1095"]],
        [False, True, True],
        width,
    )
    assert widths[0] > widths[1] and widths[0] > widths[2]
    assert abs(sum(widths) - width) < Mm(1)
    # no column narrower than its longest word
    assert widths[1] >= documents.CHAR_WIDTH * len("December") + documents.CELL_PADDING
    assert not documents.fits(["A"] * 12, [["Psihoemocionālais"] * 12], [False] * 12, width)


def test_footnotes_are_real_word_footnotes():
    document = documents.new_document("T", "lv", now=NOW)
    paragraph = document.add_paragraph("Vidēji mēnesī 2 sociālie darbinieki.")
    first = documents.footnote(document, paragraph, "Kā tiek skaitīts: …")
    second = documents.footnote(document, document.add_paragraph("Otrs."), "Otrā piezīme.")
    assert (first, second) == (1, 2)
    body = documents.saved(document)
    package = zipfile.ZipFile(io.BytesIO(body))
    notes = package.read("word/footnotes.xml").decode()
    assert 'w:type="separator"' in notes and 'w:type="continuationSeparator"' in notes
    assert "Kā tiek skaitīts" in notes and "Otrā piezīme." in notes
    assert "footnotes+xml" in package.read("[Content_Types].xml").decode()
    assert "relationships/footnotes" in package.read("word/_rels/document.xml.rels").decode()
    main = package.read("word/document.xml").decode()
    assert main.count("<w:footnoteReference") == 2
    assert "Kā tiek skaitīts" not in main  # never body text


def test_figures_are_numbered_in_the_documents_language(app):
    document = documents.new_document("T", "lv", now=NOW)
    with app.test_request_context():
        with force_locale("lv"):
            assert documents.caption(document, 1, "Klienti").text == "1. attēls. Klienti"
        with force_locale("en"):
            assert documents.caption(document, 2, "Clients").text == "Figure 2. Clients"
    assert document.paragraphs[-1].style.name == "Caption"


def test_markdown_keeps_headings_lists_bold_and_italic():
    document = documents.new_document("T", "lv", now=NOW)
    documents.add_markdown(
        document,
        "### Sadarbība\n\nLaba sadarbība ar **PMC** un *skolām*.\n\n- pirmais\n- otrais\n\n"
        "1. viens\n2. divi\n\n<script>alert(1)</script>",
    )
    paragraphs = reopened(document).paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Heading 3", "Sadarbība")
    text = paragraphs[1]
    assert text.text == "Laba sadarbība ar PMC un skolām."
    assert [r.text for r in text.runs if r.bold] == ["PMC"]
    assert [r.text for r in text.runs if r.italic] == ["skolām"]
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["pirmais", "otrais"]
    assert [p.text for p in paragraphs][4:6] == ["1. viens", "2. divi"]
    assert "alert" not in "".join(p.text for p in paragraphs)


def test_number_cells_are_right_aligned_in_the_reports_tables(demo_as):
    body = (
        demo_as("coordinator")
        .get("/reports/interim.docx?from=2019-12-01&to=2020-05-31&lang=en")
        .get_data()
    )
    document = docx.Document(io.BytesIO(body))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Month")
    widths = [cell.width for cell in table.rows[0].cells]
    assert len(set(widths)) > 1  # set per column, not equal shares
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"


def test_the_same_document_gives_the_same_bytes():
    def build() -> bytes:
        document = documents.new_document("T", "lv", header=HEADER, now=NOW)
        documents.footnote(document, document.add_paragraph("A."), "Note.")
        return documents.saved(document)

    first = build()
    assert build() == first
    assert docx.Document(io.BytesIO(first)).paragraphs[0].text.startswith("A.")
