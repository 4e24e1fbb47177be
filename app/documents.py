"""Word documents for every export: an A4 page set-up with the document's language, the title in
the header and page numbers in the footer, portrait and landscape sections, and grid tables of
fixed column widths whose heading row repeats on every page. Used by the report and risk exports;
app/spreadsheets.py is its XLSX and CSV twin.

Writers only: no request objects here, so a job thread can build a document.
"""

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor

from app.i18n import DEFAULT_LANGUAGE
from app.spreadsheets import clean

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: the document's language tag for spelling and hyphenation in word processors
LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
#: A4's short and long side
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
BODY_SIZE = Pt(10)
#: the header's title and the footer's page numbers: smaller and lighter than the text
MARGINALIA_SIZE = Pt(8)
MARGINALIA_COLOUR = RGBColor(0x59, 0x59, 0x59)
#: the space under each line of a table cell
CELL_LINE_SPACE = Pt(2)


def language_of(language: str) -> str:
    """The document's language: one of LANGUAGE_TAGS, Latvian (the funder's) for anything else."""
    return language if language in LANGUAGE_TAGS else DEFAULT_LANGUAGE


def new_document(title: str, language: str, *, landscape: bool = False):
    """An A4 document with 20 mm margins and 10 pt text tagged with `language` (lv or en), its
    title in the core properties and in the header of every page but the first, and the page
    number in the footer of every page."""
    document = Document()
    section = document.sections[0]
    orient(section, landscape)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _tag_language(normal.element.get_or_add_rPr(), LANGUAGE_TAGS[language])
    document.core_properties.title = title
    document.core_properties.author = ""
    document.core_properties.language = LANGUAGE_TAGS[language]
    section.different_first_page_header_footer = True  # the first page has the title itself
    section.first_page_header.is_linked_to_previous = False  # an empty header there
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _marginal_run(header, title)
    for footer in (section.footer, section.first_page_footer):
        _page_number(footer.paragraphs[0])
    return document


def _tag_language(properties, tag: str) -> None:
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)


def _marginal_run(paragraph, text: str):
    run = paragraph.add_run(clean(text))
    run.font.size = MARGINALIA_SIZE
    run.font.color.rgb = MARGINALIA_COLOUR
    return run


def _page_number(paragraph) -> None:
    """'3 / 10': the PAGE and NUMPAGES fields, which the word processor fills in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for position, instruction in enumerate(("PAGE", "NUMPAGES")):
        if position:
            _marginal_run(paragraph, " / ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        field.append(_marginal_run(paragraph, "1")._r)  # shown until the field is updated
        paragraph._p.append(field)


def orient(section, landscape: bool) -> None:
    """Turn an A4 section to landscape or to portrait."""
    short, long = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def turn(document, *, landscape: bool):
    """Go on in the given orientation: on a new page in a new section when the last section has
    the other one. A new section keeps the document's header and footer (with the title in its
    header from its first page on)."""
    section = document.sections[-1]
    if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return section
    section = document.add_section(WD_SECTION.NEW_PAGE)
    orient(section, landscape)
    section.different_first_page_header_footer = False
    return section


def text_width(section) -> Length:
    """The width between the section's margins."""
    return Length(section.page_width - section.left_margin - section.right_margin)


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- tables ------------------------------------------------------------------------------------


def add_table(document, widths: Sequence[Length], headings: Sequence[str], **style):
    """A centred grid table of fixed column widths with one bold heading row, which the word
    processor repeats at the top of each page; rows added later take the same widths."""
    table = document.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    repeat_as_header(header)
    for cell, width, text in zip(header.cells, widths, headings, strict=True):
        cell.width = width
        fill(cell, [text], bold=True, **style)
    return table


def repeat_as_header(row) -> None:
    """Word repeats a row marked tblHeader at the top of each page; it is never split."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def fill(cell, lines: Sequence[str], **style) -> None:
    """The cell's first paragraph holds the first line; each further line is a paragraph."""
    first, *rest = lines or [""]
    styled_run(cell.paragraphs[0], first, **style)
    for line in rest:
        add_line(cell, line, **style)


def add_line(cell, text: str, **style) -> None:
    """One more paragraph at the end of the cell."""
    styled_run(cell.add_paragraph(), text, **style)


def styled_run(paragraph, text: str, bold=False, italic=False, size=None, align=None) -> None:
    """The text as a run of the paragraph, bold, italic or in another size when asked;
    `align` (WD_ALIGN_PARAGRAPH) aligns the paragraph."""
    paragraph.paragraph_format.space_after = CELL_LINE_SPACE
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(clean(text))
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = size
