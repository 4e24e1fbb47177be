"""Cells for every export: text that stays text (no CSV or XLSX formula injection), numbers
that stay numbers, dates and times as date and time cells; a sheet laid out for its reader
(column widths from content, row heights that fit wrapped text, a frozen header row, a print
set-up) and named in their language; and the CSV dialect of the reader's spreadsheet (Latvian
Excel: semicolons and a decimal comma). Used by the timesheet, risk, training and report
exports."""

import csv
import math
import re
import textwrap
from copy import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from flask import current_app, has_app_context

from app.i18n import reader_language

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: a spreadsheet treats a cell starting with one of these as a formula (CSV injection)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "DD.MM.YYYY"
TIME_FORMAT = "hh:mm"
#: 24:00, the end of a day, is a duration of one day: "[hh]" shows it as 24, not 00
END_OF_DAY_FORMAT = "[hh]:mm"
DATETIME_FORMAT = "DD.MM.YYYY hh:mm"

#: what a sheet's name cannot hold, and how long it may be (Excel's rules)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
#: words a shortened sheet name does not end on ("Darbinieki un" → "Darbinieki")
DANGLING_WORDS = frozenset(
    {"un", "ar", "pa", "par", "no", "uz", "līdz", "pēc", "vai", "kā", "and", "or", "of"}
    | {"per", "by", "the", "a", "an", "in", "on", "for", "with", "to", "from", "as"}
)

#: column widths in characters (Excel's unit: the width of a digit), and the heading's share
MIN_WIDTH = 6
MAX_WIDTH = 60
PADDING = 2
#: a heading wraps: it widens its column to its longest word or this, not to its whole length
HEADING_CHARS = 14
#: characters of ordinary text per unit of column width (a digit's width)
CHARS_PER_WIDTH = 1.15
#: points per line of 11 pt text, and Excel's highest row
LINE_HEIGHT = 15
MAX_HEIGHT = 409

CSV_BOM = "\ufeff"
#: the control characters XML 1.0 cannot hold (tab, line feed and carriage return it can)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- cells -------------------------------------------------------------------------------------


def defuse(value: str) -> str:
    """Prefix a cell a spreadsheet would read as a formula with a single quote."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def clean(value):
    """Text without the control characters XML cannot hold (XLSX and DOCX alike)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def clock(minutes: int | None) -> time | timedelta | None:
    """A time of day kept in minutes after midnight as a time cell's value (24:00 as a day)."""
    if minutes is None:
        return None
    if minutes >= 24 * 60:
        return timedelta(minutes=minutes)
    return time(minutes // 60, minutes % 60)


def _default_format(value) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, time):
        return TIME_FORMAT
    if isinstance(value, timedelta):
        return END_OF_DAY_FORMAT
    return None


@lru_cache(maxsize=64)
def alignment(horizontal: str | None = None, wrap: bool = False, vertical: str | None = None):
    """One Alignment per kind, shared by every cell that has it (building one per cell costs
    more than writing the cell)."""
    from openpyxl.styles import Alignment

    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap or None)


def put(sheet, row: int, column: int, value, number_format: str | None = None):
    """Write one cell: strings as text, never formulas; numbers with their format; dates as
    date cells (dd.mm.yyyy) and times of day as time cells (hh:mm) unless told otherwise."""
    if isinstance(value, Decimal):
        value = float(value)
    cell = sheet.cell(row=row, column=column, value=clean(value))
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    default = _default_format(value)
    if number_format or default:
        cell.number_format = number_format or default
    if default:  # a date or a time centred: it never touches a text column's first letter
        cell.alignment = alignment("center")
    return cell


def heading_row(sheet, row: int, values: list, wrap: bool = True) -> None:
    """A bold heading row; its text wraps (the row's height is set by finish_table)."""
    bold = _font(True, None)
    for column, value in enumerate(values, start=1):
        cell = put(sheet, row, column, value)
        cell.font = bold
        if wrap:
            cell.alignment = alignment(None, True, "top")


def describe(workbook, title: str, language: str | None = None, author: str | None = None):
    """The workbook's properties: its title and language, its author the organisation
    (`author`, else the ORG_NAME setting) instead of openpyxl's own name; created now."""
    if author is None:
        author = current_app.config.get("ORG_NAME", "") if has_app_context() else ""
    properties = workbook.properties
    properties.title = clean(str(title))
    properties.language = _language(language)
    properties.creator = clean(author)
    properties.lastModifiedBy = clean(author)
    properties.created = properties.modified = datetime.now(UTC).replace(tzinfo=None)


# --- sheet names -------------------------------------------------------------------------------


def sheet_name(title: str, used: set[str] | None = None, fallback: str = "Sheet") -> str:
    """A sheet's name from a title in the reader's language: at most 31 characters, whole
    words only (words are dropped, never cut), none of the characters Excel refuses, and
    unique among `used` (case aside); the name is added to `used`. See sheet_names."""
    return sheet_names([title], used, fallback)[0]


def sheet_names(titles: list[str], used: set[str] | None = None, fallback: str = "Sheet"):
    """The names of a workbook's sheets, from their titles: each title whole when it fits in
    31 characters, else its first words ("VII Darbinieki un apkalpotās"); when titles that
    begin alike would be shortened to the same name, each keeps its first words and its last
    ("XIII Supervīzijas … pa mēnešiem", "XIII Supervīzijas … pa veidiem"); " 2", " 3" only when
    that is not enough. The names are added to `used`."""
    used = used if used is not None else set()
    taken = {name.casefold() for name in used}
    words = [_words(title) for title in titles]
    first = [_fit_words(title_words, SHEET_NAME_LENGTH) or fallback for title_words in words]
    counts: dict[str, int] = {}
    for name in first:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    names = []
    for title_words, name in zip(words, first, strict=True):
        shortened = name != " ".join(title_words)
        if shortened and (counts[name.casefold()] > 1 or name.casefold() in taken):
            name = _head_and_tail(title_words, SHEET_NAME_LENGTH) or name
        name = _unique(name, taken)
        taken.add(name.casefold())
        used.add(name)
        names.append(name)
    return names


def _words(title: str) -> list[str]:
    # an apostrophe may not begin or end a name ("period's" keeps its own)
    words = SHEET_NAME_FORBIDDEN.sub(" ", clean(str(title))).split()
    return [word.strip("'") for word in words if word.strip("'")]


def _unique(name: str, taken: set[str]) -> str:
    number = 1
    while True:
        suffix = f" {number}" if number > 1 else ""
        candidate = (
            name if not suffix else _fit_words(name.split(), SHEET_NAME_LENGTH - len(suffix))
        )
        candidate += suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def _fit_words(words: list[str], limit: int) -> str:
    """The first of `words` that fit in `limit` characters, not ending on "un", "of" …"""
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    if not kept and words:  # one word longer than the limit: cut it, there is nothing else
        return words[0][:limit]
    shortened = len(kept) < len(words)
    while shortened and len(kept) > 1 and _dangling(kept[-1]):
        kept.pop()
    return " ".join(kept).rstrip(".,;")


def _dangling(word: str) -> bool:
    return word.casefold().strip(".,;") in DANGLING_WORDS or word in ("–", "-", "·", "…")


def _head_and_tail(words: list[str], limit: int) -> str:
    """The title's first two words (the section's number and the first), then as many of its
    last words as fit after " … "; "" when even one last word does not fit."""
    if len(words) < 4:
        return ""
    head = words[:2] if not _dangling(words[1]) else words[:1]
    for start in range(len(head) + 1, len(words)):
        name = f"{' '.join(head)} … {' '.join(words[start:])}"
        if len(name) <= limit:
            return name
    return ""


def column_letter(column: int) -> str:
    """A column's letters: 1 → A, 27 → AA."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- layout ------------------------------------------------------------------------------------


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "00.00.0000 00:00"
    if isinstance(value, date):
        return "00.00.0000"
    if isinstance(value, time | timedelta):
        return "00:00"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _content_width(value, heading: bool) -> int:
    lines = _text_of(value).split("\n")
    if heading:
        longest_word = max((len(word) for line in lines for word in line.split()), default=0)
        return max(longest_word, min(max(len(line) for line in lines), HEADING_CHARS))
    return max(len(line) for line in lines)


def fit_columns(
    sheet,
    header_row: int = 1,
    minimum: int = MIN_WIDTH,
    maximum: int = MAX_WIDTH,
    widths: dict[int, int] | None = None,
) -> None:
    """Each column as wide as its content from the header row down (a heading counts by its
    longest word: it wraps), within `minimum` and `maximum`; `widths` fixes some columns."""
    fixed = widths or {}
    found: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is None:
                continue
            width = _content_width(cell.value, heading=cell.row == header_row)
            found[cell.column] = max(found.get(cell.column, 0), width)
    for column in set(found) | set(fixed):
        width = fixed.get(column) or min(max(found[column] + PADDING, minimum), maximum)
        sheet.column_dimensions[column_letter(column)].width = width


def column_width(sheet, column: int) -> float:
    dimension = sheet.column_dimensions.get(column_letter(column))
    return dimension.width if dimension is not None and dimension.width else 8.43


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped at whole words in a column `width` characters wide
    (a width counts digits: a line of proportional text holds a little more, CHARS_PER_WIDTH;
    measured against Calc's rendering of the risk table, rounded to overestimate)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(
        max(1, len(textwrap.wrap(paragraph, per_line, break_long_words=True)))
        for paragraph in str(text).split("\n")
    )


def fit_rows(sheet, first_row: int = 1) -> None:
    """Every row from `first_row` whose wrapped text takes more than one line gets the height
    of its tallest cell (Excel does not grow a row itself when a file sets no heights)."""
    widths: dict[int, float] = {}
    for row in sheet.iter_rows(min_row=first_row):
        lines, size = 1, 11.0
        for cell in row:
            text = cell.value
            if not isinstance(text, str) or not text:
                continue
            if cell.column not in widths:
                widths[cell.column] = column_width(sheet, cell.column)
            count = text_lines(text, widths[cell.column])
            if count == 1 or not cell.alignment.wrap_text:
                continue
            lines = max(lines, count)
            if cell.font.sz:
                size = max(size, float(cell.font.sz))
        if lines > 1:
            height = math.ceil(lines * LINE_HEIGHT * size / 11) + 2
            sheet.row_dimensions[row[0].row].height = min(height, MAX_HEIGHT)


def wrap_cells(sheet, first_row: int = 1) -> None:
    """Text cells from `first_row` down wrap at the column's width, every cell at the top."""
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            horizontal = cell.alignment.horizontal if cell.has_style else None
            cell.alignment = alignment(horizontal, isinstance(cell.value, str), "top")


@dataclass(frozen=True)
class Styled:
    """A cell's value with its look, for write_rows: a number format, bold, a font size."""

    value: object
    number_format: str | None = None
    bold: bool = False
    size: float | None = None


def write_rows(
    sheet,
    rows: list[list],
    header_row: int = 1,
    heading_rows: tuple[int, ...] = (),
    widths: dict[int, int] | None = None,
    maximum: int = MAX_WIDTH,
    freeze: str | None = None,
    auto_filter: bool = True,
) -> None:
    """`rows` (values or Styled) into an empty `sheet`, laid out as put and finish_table lay
    out a sheet: bold wrapped headings (`header_row` and `heading_rows`), text under the
    heading wrapped and every cell at the top, widths and row heights from the content, the
    heading row frozen, filtered and printed on every page. The same sheet in about half the
    time: the layout comes from the values, not from reading the cells back, and each look is
    built once (_CellStyles)."""
    headings = {header_row, *heading_rows}
    found: dict[int, int] = {}
    laid_out = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for column, item in enumerate(row, start=1):
            styled = item if isinstance(item, Styled) else Styled(item)
            value = float(styled.value) if isinstance(styled.value, Decimal) else styled.value
            value = clean(value)
            cells.append((value, styled, number in headings or styled.bold))
            if value is not None and number >= header_row:
                width = _content_width(value, heading=number == header_row)
                found[column] = max(found.get(column, 0), width)
        laid_out.append(cells)
    fixed = widths or {}
    column_widths = {
        column: fixed.get(column) or min(max(found[column] + PADDING, MIN_WIDTH), maximum)
        for column in set(found) | set(fixed)
    }
    for column, width in column_widths.items():
        sheet.column_dimensions[column_letter(column)].width = width
    sheet.freeze_panes = freeze or f"A{header_row + 1}"
    styles = _CellStyles(sheet)
    for number, cells in enumerate(laid_out, start=1):
        below = number > header_row
        lines, size = 1, 11.0
        for column, (value, styled, bold) in enumerate(cells, start=1):
            default = _default_format(value)
            wrap = number in headings or (below and isinstance(value, str))
            horizontal = "center" if default else None
            vertical = "top" if number >= header_row else None
            look = (styled.number_format or default, bold, styled.size, horizontal, wrap, vertical)
            styles.put(number, column, value, look)
            if wrap and value:
                count = text_lines(value, column_widths.get(column, 8.43))
                if count > 1:
                    lines = max(lines, count)
                    size = max(size, float(styled.size or 11))
        if lines > 1:
            height = math.ceil(lines * LINE_HEIGHT * size / 11) + 2
            sheet.row_dimensions[number].height = min(height, MAX_HEIGHT)
    if auto_filter:
        columns = max((len(row) for row in rows), default=1)
        last = max(len(rows), header_row)
        sheet.auto_filter.ref = f"A{header_row}:{column_letter(columns)}{last}"
    print_setup(sheet, header_row)


class _CellStyles:
    """Cells of a few looks. openpyxl looks a style up by hashing it on every assignment, which
    costs more than writing the cell: each look is assigned to the first cell that has it, and
    its style indices are copied to the others."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.prototypes: dict[tuple, object] = {}  #: look -> the style indices of its first cell

    def put(self, row: int, column: int, value, look: tuple) -> None:
        """A cell of `value` with `look`: (number format, bold, font size, horizontal, wrap,
        vertical alignment). The look goes first: a date given a date format is not given
        openpyxl's own on the way."""
        if value is None and look == PLAIN:
            return
        cell = self.sheet.cell(row, column)
        style = self.prototypes.get(look)
        if style is not None:
            cell._style = copy(style)
        elif look != PLAIN:
            number_format, bold, size, horizontal, wrap, vertical = look
            if number_format:
                cell.number_format = number_format
            if bold or size:
                cell.font = _font(bold, size)
            if horizontal or wrap or vertical:
                cell.alignment = alignment(horizontal, wrap, vertical)
            self.prototypes[look] = copy(cell._style)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula


PLAIN = (None, False, None, None, False, None)


@lru_cache(maxsize=16)
def _font(bold: bool, size: float | None):
    from openpyxl.styles import Font

    return Font(bold=bold or None, size=size)


def bold_font(size: float | None = None):
    """A bold Font (of `size` points), one per size."""
    return _font(True, size)


def print_setup(sheet, header_row: int | None = 1, landscape: bool = True) -> None:
    """A4, landscape, all columns on the page's width (as many pages down as it takes), the
    header row repeated on every page, "page / pages" in the footer."""
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet  # its constants: a write-only sheet has none

    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    )
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if header_row:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def finish_table(
    sheet,
    widths: tuple[int, ...] | dict[int, int] | None = None,
    rows: int | None = None,
    header_row: int = 1,
    freeze: str | None = None,
    auto_filter: bool = True,
    maximum: int = MAX_WIDTH,
) -> None:
    """A table whose heading row is `header_row`: text wrapped, columns as wide as their
    content (or `widths`, by column number or in order from A), rows as tall as their wrapped
    text, the heading row frozen and repeated on every printed page, a filter over the table
    (`rows` rows under the heading; all the sheet's rows by default), a landscape print set-up."""
    if isinstance(widths, tuple | list):
        widths = dict(enumerate(widths, start=1))
    wrap_cells(sheet, header_row + 1)
    fit_columns(sheet, header_row, widths=widths, maximum=maximum)
    fit_rows(sheet, 1)
    sheet.freeze_panes = freeze or f"A{header_row + 1}"
    columns = max(sheet.max_column, 1)
    if auto_filter:
        last = header_row + rows if rows is not None else max(sheet.max_row, header_row + 1)
        sheet.auto_filter.ref = f"A{header_row}:{column_letter(columns)}{last}"
    print_setup(sheet, header_row)


# --- CSV ---------------------------------------------------------------------------------------


def _language(language: str | None) -> str:
    return language or reader_language()


def csv_delimiter(language: str | None = None) -> str:
    """Latvian Excel lists with ';' (its decimal mark is the comma); English Excel with ','."""
    return ";" if _language(language) == "lv" else ","


def csv_writer(out, language: str | None = None):
    """A csv.writer on the text stream `out` in the dialect of the reader's spreadsheet, after
    the UTF-8 byte-order mark it writes first (so Excel reads the file as UTF-8): ';' between
    cells in Latvian, ',' in English (the reader's language when None)."""
    out.write(CSV_BOM)
    return csv.writer(out, delimiter=csv_delimiter(language), lineterminator="\r\n")


def csv_number(value, language: str | None = None, places: int = 2) -> str:
    """A number as the reader's spreadsheet reads it: '1,50' in Latvian, '1.50' in English;
    whole numbers without decimals; None as an empty cell. Never a thousands separator."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if _language(language) == "lv" else text


def csv_date(value: date | None, language: str | None = None) -> str:
    """dd.mm.yyyy in Latvian, ISO (yyyy-mm-dd) in English."""
    if value is None:
        return ""
    if _language(language) == "lv":
        return f"{value:%d.%m.%Y}"
    return value.isoformat()


def csv_cell(value, language: str | None = None) -> str:
    """Any cell in the reader's dialect: numbers and dates in their form, text defused."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{csv_date(value.date(), language)} {value:%H:%M}"
    if isinstance(value, date):
        return csv_date(value, language)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, int | float | Decimal):
        return csv_number(value, language)
    return defuse(clean(str(value)))
