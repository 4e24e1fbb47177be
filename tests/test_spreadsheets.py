"""The shared spreadsheet helpers: sheet names, cell types, row heights, the print set-up and
the CSV dialect per reader's language."""

import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import Workbook

from app import spreadsheets
from app.spreadsheets import (
    clock,
    csv_cell,
    csv_date,
    csv_number,
    csv_writer,
    finish_table,
    heading_row,
    put,
    sheet_name,
)


def reopened(workbook: Workbook):
    out = io.BytesIO()
    workbook.save(out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


# --- sheet names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "VII Darbinieki un apkalpotās personas pa mēnešiem",
        "Supervīzijas un apmācības pa mēnešiem",
        "Interim report: figures from the records",
        "XIII Sasniegtie rezultāti un to novērtējums [kopā] / pa mēnešiem",
        "Case files served by household type",
    ],
)
def test_a_sheet_name_is_at_most_31_characters_of_whole_words(title):
    name = sheet_name(title)
    assert len(name) <= 31
    words = title.replace(":", " ").replace("[", " ").replace("]", " ").replace("/", " ").split()
    assert name.split() == words[: len(name.split())]  # a beginning of the title, word by word
    assert not set(name) & set("[]:*?/\\")


def test_a_shortened_name_does_not_end_on_a_conjunction():
    assert sheet_name("VII Darbinieki un apkalpotās personas pa mēnešiem") == (
        "VII Darbinieki un apkalpotās"
    )
    assert sheet_name("Supervision and training sessions per month and kind") == (
        "Supervision and training"
    )


def test_a_short_title_is_kept_whole():
    assert sheet_name("VII Personāls") == "VII Personāls"


def test_sheet_names_stay_unique_and_within_31_characters():
    used: set[str] = set()
    title = "Darbinieki un apkalpotās personas pa mēnešiem"
    names = [sheet_name(title, used) for _ in range(3)]
    assert len(set(names)) == 3
    assert all(len(name) <= 31 for name in names)
    assert names[0] == "Darbinieki un apkalpotās"
    assert sheet_name("darbinieki UN apkalpotās", used) not in names  # Excel ignores case


def test_titles_that_begin_alike_keep_their_last_words():
    names = spreadsheets.sheet_names(
        [
            "XIII Supervīzijas un apmācības pa mēnešiem",
            "XIII Supervīzijas un apmācības pa veidiem",
            "XIII Notikušās sapulces",
        ]
    )
    assert names == [
        "XIII Supervīzijas … pa mēnešiem",
        "XIII Supervīzijas … pa veidiem",
        "XIII Notikušās sapulces",
    ]


def test_a_name_of_one_overlong_word_is_cut_and_an_empty_one_is_named():
    assert len(sheet_name("Ā" * 40)) == 31
    assert sheet_name(":::") == "Sheet"


# --- cells -------------------------------------------------------------------------------------


def test_dates_times_and_numbers_are_typed_cells():
    workbook = Workbook()
    sheet = workbook.active
    put(sheet, 1, 1, date(2020, 1, 6))
    put(sheet, 1, 2, clock(9 * 60 + 30))
    put(sheet, 1, 3, clock(24 * 60))
    put(sheet, 1, 4, 1.5, "0.00")
    put(sheet, 1, 5, Decimal("70000.10"), "#,##0.00")
    put(sheet, 1, 6, "=SUM(A1:A2)")
    put(sheet, 1, 7, datetime(2020, 1, 6, 14, 5))
    sheet = reopened(workbook).active
    day, start, end, number, money, text, instant = sheet[1]
    assert day.is_date and day.value == datetime(2020, 1, 6) and day.number_format == "DD.MM.YYYY"
    assert start.is_date and start.value == time(9, 30) and start.number_format == "hh:mm"
    assert end.value == timedelta(days=1) and end.number_format == "[hh]:mm"
    assert number.data_type == "n" and number.value == 1.5
    assert money.data_type == "n" and money.value == pytest.approx(70000.10)
    assert text.data_type == "s" and text.value == "=SUM(A1:A2)"
    assert instant.number_format == "DD.MM.YYYY hh:mm"


def test_clock_of_no_time_is_an_empty_cell():
    assert clock(None) is None
    assert clock(0) == time(0, 0)


# --- layout ------------------------------------------------------------------------------------


def table_sheet(rows: list[list], headings=("Name", "Description", "Hours")):
    workbook = Workbook()
    sheet = workbook.active
    heading_row(sheet, 1, list(headings))
    for line, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet, line, column, value)
    return workbook, sheet


def test_wrapped_rows_get_a_height_that_fits_their_lines():
    long_text = " ".join(["konsultācija"] * 40)  # 519 characters
    workbook, sheet = table_sheet([["A", long_text, 2.5], ["B", "īsi", 1.0], ["C", "1\n2\n3", 0]])
    finish_table(sheet, rows=3, maximum=40)
    sheet = reopened(workbook).active
    assert sheet.column_dimensions["B"].width == 40
    assert sheet.cell(row=2, column=2).alignment.wrap_text
    lines = spreadsheets.text_lines(long_text, 40)
    assert lines >= len(long_text) // 40
    assert sheet.row_dimensions[2].height >= lines * 15
    assert sheet.row_dimensions[3].height is None  # one line: Excel's own height
    assert sheet.row_dimensions[4].height >= 3 * 15  # three lines of their own


def test_row_heights_stop_at_excels_highest():
    workbook, sheet = table_sheet([["A", "vārds " * 3000, 1]])
    finish_table(sheet)
    assert sheet.row_dimensions[2].height == spreadsheets.MAX_HEIGHT


def test_column_widths_follow_the_content_within_bounds():
    workbook, sheet = table_sheet([["Ģīle-Šķūņa Anna Marija", "x", 12.5]])
    finish_table(sheet, rows=1)
    assert sheet.column_dimensions["A"].width == len("Ģīle-Šķūņa Anna Marija") + 2
    assert sheet.column_dimensions["B"].width == len("Description") + 2  # the heading's word
    assert sheet.column_dimensions["C"].width == spreadsheets.MIN_WIDTH + 1  # "12.50", "Hours"
    finish_table(sheet, widths=(10,))
    assert sheet.column_dimensions["A"].width == 10


def test_a_table_has_a_frozen_repeated_header_and_a_landscape_fit_to_width_print():
    workbook, sheet = table_sheet([["A", "b", 1]])
    finish_table(sheet, rows=1)
    sheet = reopened(workbook).active
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.auto_filter.ref == "A1:C2"
    assert sheet.oddFooter.center.text == "&P / &N"


# --- CSV ---------------------------------------------------------------------------------------


def written(language: str, rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, language)
    for row in rows:
        writer.writerow([csv_cell(value, language) for value in row])
    return out.getvalue()


def test_the_latvian_dialect_is_semicolons_decimal_commas_and_latvian_dates():
    text = written("lv", [["Vārds", "Stundas", "Datums"], ["Ģīle, Anna", 1.5, date(2020, 1, 6)]])
    assert text.startswith("\ufeff")
    assert text == "\ufeffVārds;Stundas;Datums\r\nĢīle, Anna;1,50;06.01.2020\r\n"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["Ģīle, Anna", "1,50", "06.01.2020"]


def test_the_english_dialect_is_commas_decimal_dots_and_iso_dates():
    text = written("en", [["Name", "Hours", "Date"], ["Gile; Anna", 1.5, date(2020, 1, 6)]])
    assert text == "\ufeffName,Hours,Date\r\nGile; Anna,1.50,2020-01-06\r\n"


def test_a_decimal_comma_never_splits_a_latvian_cell():
    text = written("lv", [[1234.5, -0.25, 3, "1,5"]])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["1234,50", "-0,25", "3", "1,5"]]  # negative numbers are not defused


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize(
    "payload", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")']
)
def test_csv_text_that_a_spreadsheet_would_run_is_defused(language, payload):
    text = written(language, [[payload]])
    delimiter = ";" if language == "lv" else ","
    (row,) = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    assert row == ["'" + payload]


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (1.5, "lv", "1,50"),
        (1.5, "en", "1.50"),
        (Decimal("70000.1"), "lv", "70000,10"),
        (7, "lv", "7"),
        (None, "lv", ""),
        (0.333, "en", "0.33"),
    ],
)
def test_csv_number(value, language, expected):
    assert csv_number(value, language) == expected


def test_csv_number_with_other_places_and_dates():
    assert csv_number(2.25, "lv", places=1) == "2,2"  # round half to even, as format does
    assert csv_date(date(2020, 12, 1), "lv") == "01.12.2020"
    assert csv_date(date(2020, 12, 1), "en") == "2020-12-01"
    assert csv_cell(time(9, 5), "lv") == "09:05"
    assert csv_cell(datetime(2020, 12, 1, 9, 5), "lv") == "01.12.2020 09:05"


def test_without_a_language_the_readers_is_used(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("en"):
            assert csv_number(1.5) == "1.50"
            assert spreadsheets.csv_delimiter() == ","
        with force_locale("lv"):
            assert csv_number(1.5) == "1,50"
            assert spreadsheets.csv_delimiter() == ";"


def test_a_workbook_is_described_by_its_title_not_by_its_library():
    workbook = Workbook()
    spreadsheets.describe(workbook, "Starpposma ziņojums", "lv")
    properties = reopened(workbook).properties
    assert properties.title == "Starpposma ziņojums"
    assert properties.language == "lv"
    assert properties.creator != "openpyxl"
    assert properties.created is not None
    spreadsheets.describe(workbook, "Starpposma ziņojums", "lv", author="Biedrība (tests)")
    assert reopened(workbook).properties.creator == "Biedrība (tests)"


def test_the_author_is_the_organisation_setting(app):
    app.config["ORG_NAME"] = "Biedrība (tests)"
    workbook = Workbook()
    with app.app_context():
        spreadsheets.describe(workbook, "Darba laika uzskaite")
    assert workbook.properties.creator == "Biedrība (tests)"


def test_write_rows_lays_a_sheet_out_as_put_and_finish_table_do():
    headings = ["Vārds", "Datums", "Sākums", "Stundas", "Darbība"]
    rows = [
        ["=HYPERLINK(1)", date(2020, 1, 6), time(9, 0), 1.5, "Konsultācija par pabalstiem " * 4],
        ["Anna", date(2020, 1, 7), time(10, 30), Decimal("2.25"), "Īsi"],
    ]
    by_cell = Workbook()
    heading_row(by_cell.active, 1, headings)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(by_cell.active, number, column, value, "0.00" if column == 4 else None)
    finish_table(by_cell.active, rows=len(rows), maximum=50)
    by_rows = Workbook()
    numbers = [[*row[:3], spreadsheets.Styled(row[3], "0.00"), row[4]] for row in rows]
    spreadsheets.write_rows(by_rows.active, [headings, *numbers], maximum=50)

    expected, written = reopened(by_cell).active, reopened(by_rows).active
    assert written.freeze_panes == expected.freeze_panes == "A2"
    assert written.auto_filter.ref == expected.auto_filter.ref
    assert written.print_title_rows == expected.print_title_rows
    for letter in "ABCDE":
        assert written.column_dimensions[letter].width == expected.column_dimensions[letter].width
    for number in (1, 2, 3):
        assert written.row_dimensions[number].height == expected.row_dimensions[number].height

    def look(cell):
        align = cell.alignment
        return (cell.value, cell.data_type, cell.number_format, cell.font.b, align.wrap_text,
                align.horizontal, align.vertical)  # fmt: skip

    for expected_row, written_row in zip(expected.iter_rows(), written.iter_rows(), strict=True):
        assert [look(cell) for cell in written_row] == [look(cell) for cell in expected_row]
    assert written["A2"].data_type == "s"  # the formula stays text
