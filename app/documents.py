"""Word documents for every export: an A4 page set-up with the document's language, a header on
every page (organisation, contract, period), page numbers "x / y" in the footer, a title block
with the document's date, headings kept with what follows, tables of column widths measured from
their content and kept on the page of their heading, numbered figure captions, real footnotes,
Markdown written as Word paragraphs and lists, and core properties that name the organisation.
Used by the report, risk and roster exports; app/spreadsheets.py is its XLSX and CSV twin.

Writers only: no request objects here, so a job thread can build a document.
"""

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from html.parser import HTMLParser

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt, RGBColor
from flask_babel import gettext as _

from app.document_header import DocumentHeader
from app.i18n import language_of
from app.markdown import render as render_markdown
from app.spreadsheets import clean

FOOTNOTES_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
)

#: the document's language tag for spelling and hyphenation in word processors
LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
#: A4's short and long side
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
BODY_SIZE = Pt(10)
#: the header's line and the footer's page numbers: smaller and lighter than the text
MARGINALIA_SIZE = Pt(8)
MARGINALIA_COLOUR = RGBColor(0x59, 0x59, 0x59)
#: the space under each line of a table cell
CELL_LINE_SPACE = Pt(2)
#: a table of at most this many rows is kept whole on the page of its heading; a longer one
#: keeps its heading with its first rows only (Word cannot keep more than a page together)
KEEP_WHOLE_ROWS = 15
#: column widths from content: the width of an average character of 10 pt bold text (wide
#: enough for the fonts LibreOffice substitutes), and
#: the cell's left and right margins (1.9 mm each in Word) with some room
CHAR_WIDTH = Mm(2.6)
#: letters wider and narrower than the average one, in units of CHAR_WIDTH
WIDE_LETTERS, NARROW_LETTERS = set("mwMWNOQDGHĢ%"), set("iljtfrI.,:;()'|!- ")
CELL_PADDING = Mm(4.5)
#: a number column is never narrower than this
MIN_NUMBER_WIDTH = Mm(14)


def new_document(
    title: str,
    language: str,
    *,
    landscape: bool = False,
    header: DocumentHeader | None = None,
    now: datetime | None = None,
):
    """An A4 document with 20 mm margins and 10 pt text tagged with `language` (lv or en); the
    header's line (or the title, without one) at the top and the page number 'x / y' at the
    foot of every page; core properties with the title, the organisation as author and last
    editor, and `now` (UTC) as created and modified."""
    language = language_of(language)
    document = Document()
    section = document.sections[0]
    orient(section, landscape)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _tag_language(normal.element.get_or_add_rPr(), LANGUAGE_TAGS[language])
    organisation = clean(header.organisation) if header else ""
    moment = (now or datetime.now(UTC)).replace(tzinfo=None, microsecond=0)
    properties = document.core_properties
    properties.title = clean(title)
    properties.author = organisation
    properties.last_modified_by = organisation
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    properties.language = LANGUAGE_TAGS[language]
    properties.comments = ""
    section.different_first_page_header_footer = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _marginal_run(paragraph, header.line() if header else title)
    _page_number(section.footer.paragraphs[0])
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
    the other one. A new section keeps the document's header and footer."""
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


#: every part's time in the package: the same document gives the same bytes (and SHA-256)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def saved(document) -> bytes:
    """The document's bytes, its package's parts in python-docx's order with one fixed time, so
    a document built twice from the same records and `now` is byte-identical."""
    out = io.BytesIO()
    document.save(out)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return fixed.getvalue()


# --- title, headings, captions ------------------------------------------------------------------


def title_block(
    document, day: str, title: str, subtitles: Sequence[str] = (), period: str = ""
) -> None:
    """The document's first lines as the funder's report opens: the date (right), the title,
    the subtitle lines and the period (centred)."""
    dated = document.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.add_run(clean(day))
    heading = document.add_heading(clean(title), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    keep_with_next(heading)
    for line in [*subtitles, *([period] if period else [])]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(clean(line)).bold = True
        keep_with_next(paragraph)
    document.paragraphs[-1].paragraph_format.space_after = Pt(18)


def heading(document, text: str, level: int):
    """A heading that stays on the page of the paragraph or table after it."""
    paragraph = document.add_heading(clean(text), level=level)
    keep_with_next(paragraph)
    return paragraph


def keep_with_next(paragraph, keep: bool = True):
    paragraph.paragraph_format.keep_with_next = keep
    return paragraph


def caption(document, number: int, title: str):
    """'1. attēls. <title>' / 'Figure 1. <title>' (in the current locale: the writer runs inside
    force_locale) under a figure, in Word's Caption style."""
    text = _("Figure %(number)d. %(title)s", number=number, title=clean(title))
    paragraph = document.add_paragraph(text)
    try:
        paragraph.style = document.styles["Caption"]
    except KeyError:  # pragma: no cover - the default template has it
        paragraph.runs[0].italic = True
    return paragraph


def figure(document, image, width: Length, number: int, title: str):
    """A picture kept on the page of its numbered caption under it."""
    document.add_picture(image, width=width)
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    keep_with_next(picture)
    return caption(document, number, title)


# --- footnotes ----------------------------------------------------------------------------------

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _footnotes_part(document) -> XmlPart:
    """The document's word/footnotes.xml, added with its relationship and content type on first
    use (python-docx's template has none): the separator footnotes Word expects first."""
    main = document.part
    for rel in main.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        FOOTNOTES_CONTENT_TYPE,
        parse_xml(_FOOTNOTES_XML),
        main.package,
    )
    main.relate_to(part, RT.FOOTNOTES)
    _name_separators(document.settings.element)
    return part


def _name_separators(settings) -> None:
    """The settings name the separator footnotes, as Word writes them (before w:compat)."""
    properties = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(properties)
    else:
        settings.append(properties)


def footnote(document, paragraph, text: str) -> int:
    """A real footnote: a superscript reference at the end of `paragraph`, the note's text at
    the foot of its page. Returns the note's id."""
    part = _footnotes_part(document)
    notes = part.element
    number = max(int(note.get(qn("w:id"))) for note in notes.findall(qn("w:footnote"))) + 1
    note = parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/>'
        '</w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r></w:p>'
        "</w:footnote>"
    )
    note.findall(f".//{qn('w:t')}")[0].text = " " + clean(text)
    notes.append(note)
    run = paragraph.add_run()
    run.font.superscript = True
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)
    return number


# --- tables ------------------------------------------------------------------------------------


def add_table(document, widths: Sequence[Length], headings: Sequence[str], **style):
    """A centred grid table of fixed column widths with one bold heading row, which the word
    processor repeats at the top of each page; rows added later take the same widths."""
    table = document.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    repeat_as_header(header)
    for cell, width, text in zip(header.cells, widths, headings, strict=True):
        cell.width = width
        fill(cell, [text], bold=True, **style)
    return table


def _fixed_layout(table) -> None:
    """Word and LibreOffice keep the widths given instead of fitting the columns to words."""
    properties = table._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")


def set_widths(table, widths: Sequence[Length]) -> None:
    """Every cell of every row the width of its column (rows added after add_table)."""
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def repeat_as_header(row) -> None:
    """Word repeats a row marked tblHeader at the top of each page; it is never split."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def keep_with_heading(table) -> None:
    """The table on the page of its heading: every paragraph of every row but the last kept
    with the next, so a short table never splits from its heading nor across pages; a long one
    keeps its heading row and first data row with the heading only."""
    rows = list(table.rows)
    kept = rows[:-1] if len(rows) <= KEEP_WHOLE_ROWS else rows[:2]
    for row in kept:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                keep_with_next(paragraph)


def text_units(text: str) -> float:
    """The text's width in average characters: 'm' and capitals wider, 'i', 'l', punctuation
    narrower."""
    return sum(
        1.4 if char in WIDE_LETTERS else 0.6 if char in NARROW_LETTERS else 1.0 for char in text
    )


def content_widths(
    headings: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool], width
) -> list[Length]:
    """Column widths measured from the text: a number column as wide as its longest value or
    heading word, never less than MIN_NUMBER_WIDTH; the text columns share the rest in
    proportion to their text, each at least as wide as its longest word (no word is broken)."""
    columns = len(headings)
    cells = [[str(headings[c]), *(str(row[c]) for row in rows)] for c in range(columns)]
    longest_word = [
        max((text_units(word) for text in column for word in text.split()), default=1)
        for column in cells
    ]
    needed = [Length(int(CHAR_WIDTH * n + CELL_PADDING)) for n in longest_word]
    widths: list[Length | None] = [None] * columns
    for c in range(columns):
        if numeric[c]:
            longest = max(text_units(text) for text in cells[c][1:]) if rows else 1
            chars = max(longest, longest_word[c])
            widths[c] = Length(int(max(MIN_NUMBER_WIDTH, CHAR_WIDTH * chars + CELL_PADDING)))
    texts = [c for c in range(columns) if not numeric[c]]
    rest = int(width) - sum(int(w) for w in widths if w is not None)
    if texts:
        weights = {
            c: max(1.0, sum(len(text) for text in cells[c]) / len(cells[c])) ** 0.5 for c in texts
        }
        shares = {c: max(int(needed[c]), 0) for c in texts}
        free = rest - sum(shares.values())
        if free > 0:
            total = sum(weights.values())
            for c in texts:
                shares[c] += int(free * weights[c] / total)
        else:  # too little room: scale the text columns down together
            scale = rest / sum(shares.values())
            shares = {c: int(shares[c] * scale) for c in texts}
        for c in texts:
            widths[c] = Length(shares[c])
    elif rest > 0:  # numbers only: the spare room goes to them alike
        widths = [Length(int(w) + rest // columns) for w in widths]
    return [w if w is not None else Length(0) for w in widths]


def fits(headings: Sequence[str], rows: Sequence[Sequence[str]], numeric, width) -> bool:
    """Whether every column can be as wide as its longest word within `width`."""
    needed = 0
    for c, heading_text in enumerate(headings):
        texts = [str(heading_text), *(str(row[c]) for row in rows)]
        chars = max((text_units(word) for text in texts for word in text.split()), default=1)
        if numeric[c]:
            needed += max(int(MIN_NUMBER_WIDTH), int(CHAR_WIDTH * chars + CELL_PADDING))
        else:
            needed += int(CHAR_WIDTH * chars + CELL_PADDING)
    return needed <= int(width)


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


# --- Markdown ----------------------------------------------------------------------------------

#: Markdown's headings (h3, h4 after the sanitiser) under the document's own section headings
MARKDOWN_HEADING_LEVELS = {"h1": 3, "h2": 3, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
LIST_INDENT = Mm(6)


def add_markdown(document, text: str) -> None:
    """Staff-written Markdown as Word paragraphs: its headings, paragraphs, bullet and numbered
    lists (nested ones indented), bold, italic and code, after app.markdown's sanitiser (so the
    document holds what the page shows)."""
    walker = _MarkdownWriter(document)
    walker.feed(str(render_markdown(text)))
    walker.close()


class _MarkdownWriter(HTMLParser):
    """Walks the sanitised HTML: block tags open a paragraph, inline tags set the run's style."""

    BLOCKS = {"p", "li", "blockquote", "pre", "tr", *MARKDOWN_HEADING_LEVELS}

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.lists: list[list] = []  #: per open list: [ordered, the next item's number]
        self.bold = self.italic = self.code = 0
        self.quote = 0
        self.cells = 0

    def _open(self, style: str | None = None):
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        if tag in MARKDOWN_HEADING_LEVELS:
            self.paragraph = heading(self.document, "", MARKDOWN_HEADING_LEVELS[tag])
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 1])
            self.paragraph = None
        elif tag == "li":
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            depth = max(len(self.lists), 1)
            if ordered:
                paragraph = self._open()
                paragraph.add_run(f"{number}. ")
                self.lists[-1][1] += 1
            else:
                paragraph = self._open("List Bullet")
            paragraph.paragraph_format.left_indent = LIST_INDENT * depth
            paragraph.paragraph_format.first_line_indent = -LIST_INDENT
        elif tag == "p":
            if self.paragraph is not None and self._in_item():
                return  # a loose list's paragraph stays in its item
            self._open()
            if self.quote:
                self.paragraph.paragraph_format.left_indent = LIST_INDENT
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self._open()
            self.code += 1
        elif tag == "tr":
            self._open()
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self._run(" | ")
            self.cells += 1
            if tag == "th":
                self.bold += 1
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def _in_item(self) -> bool:
        return bool(self.lists) and self.paragraph is not None and self.paragraph.text != ""

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag in ("p", "li", "tr", *MARKDOWN_HEADING_LEVELS):
            if not (tag == "p" and self.lists):
                self.paragraph = None
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self.code = max(0, self.code - 1)
            self.paragraph = None
        elif tag in ("th", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag == "em":
            self.italic = max(0, self.italic - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)

    def handle_data(self, data):
        if self.paragraph is None:
            if not data.strip():
                return  # the newlines between block tags
            self._open()
        self._run(data if self.code else " ".join(data.split("\n")))

    def _run(self, text: str) -> None:
        if self.paragraph is None:
            self._open()
        if not self.paragraph.runs or self.paragraph.text.endswith(("\n",)):
            text = text.lstrip() if not self.code else text
        run = self.paragraph.add_run(clean(text))
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        if self.code:
            run.font.name = "Courier New"
