"""Exports of the training log: XLSX (sessions, attendance, hours per person) and CSV (sessions);
their numbers are the compliance page's."""

import csv
import io
from datetime import date, time

import pytest
from openpyxl import load_workbook

from app.accounts import User
from app.permissions import Role
from app.training import reports
from tests.factories import add_session
from tests.training import report_fixtures
from tests.training.report_fixtures import FIRST, LAST, RANGE

quarter = report_fixtures.quarter


def workbook(client, query=RANGE):
    response = client.get("/training/export.xlsx", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="training-2020-01-01_2020-03-31.xlsx"'
    )
    return load_workbook(io.BytesIO(response.data))


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:] if any(row)]


def test_xlsx_sheets_hold_sessions_attendance_and_hours_per_person(quarter, client_as):
    book = workbook(client_as(Role.LEAD))
    assert book.sheetnames == ["Sessions", "Attendance", "Hours per person"]
    sessions, attendance, people = (book[name] for name in book.sheetnames)
    for sheet in (sessions, attendance, people):
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 10

    rows = table(sessions)[:-1]  # the report's sentence is under the table
    assert [
        (r["Date"].date(), r["Kind"], r["Hours"], r["Attended"], r["Status"]) for r in rows
    ] == [
        (date(2020, 1, 21), "Group supervision", 5, 3, "Held"),
        (date(2020, 2, 18), "Group supervision", 4, 1, "Held"),
        (date(2020, 3, 10), "Group supervision", 3, 0, "Cancelled"),  # marks ignored
        (date(2020, 3, 12), "Individual supervision", 1, 0, "Nobody marked as attended"),
        (date(2020, 3, 24), "Qualification training", 3, 2, "Held"),
    ]
    assert sessions.cell(row=8, column=1).value.startswith(
        "In the period there was 1 qualification"
    )

    marks = table(attendance)
    assert len(marks) == 3 + 2 + 1 + 3  # every invitation to a session not cancelled
    training = {
        r["Person"]: r["Hours attended"] for r in marks if r["Topic"] == "Crisis intervention"
    }
    assert training == {"Mentor": 3, "Socialworker": 1.5, "Leadsocialworker": None}


def test_xlsx_hours_per_person_equal_the_compliance_grid(quarter, client_as, app):
    people = table(workbook(client_as(Role.COORDINATOR))["Hours per person"])
    grid = reports.compliance(FIRST, LAST, date(2020, 6, 1)).people
    assert [
        (r["Person"], r["Supervision hours"], r["Training hours"], r["Total hours"]) for r in people
    ] == [
        (p.name, p.supervision_minutes / 60, p.training_minutes / 60, p.total_minutes / 60)
        for p in grid
    ]
    assert isinstance(people[0]["Supervision hours"], int | float)


def test_csv_lists_the_sessions_with_numbers_matching_the_summary(quarter, client_as):
    response = client_as(Role.ADMIN).get("/training/export.csv", query_string=RANGE)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 5
    held = [r for r in rows if r["Status"] == "Held"]
    supervision = [float(r["Hours"]) for r in held if r["Counts as"] == "Supervision"]
    assert supervision == [5.0, 4.0]  # the sentence's "(5 h and 4 h; 9 h in all)"
    assert [r["Date"] for r in held] == ["2020-01-21", "2020-02-18", "2020-03-24"]


def test_formulas_in_text_are_defused(quarter, client_as):
    mentor = User.get(User.role == Role.MENTOR)
    add_session("Seminar or conference", date(2020, 3, 30), 60, {mentor: 60}, topic="=1+1")
    csv_text = (
        client_as(Role.LEAD).get("/training/export.csv", query_string=RANGE).get_data(as_text=True)
    )
    assert "'=1+1" in csv_text
    sheet = workbook(client_as(Role.LEAD))["Sessions"]
    topics = [sheet.cell(row=row, column=7) for row in range(2, 8)]
    assert any(cell.value == "=1+1" and cell.data_type == "s" for cell in topics)


def test_headings_follow_the_readers_language(quarter, client_as):
    User.update(language="lv").where(User.role == Role.LEAD).execute()
    sheet = workbook(client_as(Role.LEAD)).worksheets[0]
    assert sheet.title == "Nodarbības"
    assert sheet.cell(row=1, column=1).value == "Datums"


def test_xlsx_holds_times_of_day_as_time_cells_and_prints_landscape(quarter, client_as):
    book = workbook(client_as(Role.LEAD))
    sessions = book["Sessions"]
    start, end = sessions.cell(row=2, column=3), sessions.cell(row=2, column=4)
    assert isinstance(start.value, time) and start.number_format == "hh:mm"
    assert isinstance(end.value, time) and end.value > start.value
    assert sessions.cell(row=2, column=1).number_format == "DD.MM.YYYY"
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_csv_for_a_latvian_reader_has_semicolons_decimal_commas_and_latvian_dates(
    quarter, client_as
):
    User.update(language="lv").where(User.role == Role.LEAD).execute()
    response = client_as(Role.LEAD).get("/training/export.csv", query_string=RANGE)
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Datums"
    assert all(len(row) == len(rows[0]) for row in rows)
    assert [row[0] for row in rows[1:3]] == ["21.01.2020", "18.02.2020"]
    assert [row[11] for row in rows[1:3]] == ["5,00", "4,00"]  # hours with a decimal comma


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Give both dates as YYYY-MM-DD"),
        ({"from": "2020-13-01", "to": "2020-12-31"}, "Give both dates as YYYY-MM-DD"),
        ({"from": "2020-05-01", "to": "2020-04-30"}, "The start date is after the end date."),
        ({"from": "2010-01-01", "to": "2020-04-30"}, "Choose at most 24 months at a time."),
    ],
)
def test_bad_dates_get_a_400_page_with_the_reason(english, client_as, query, message):
    for path in ("/training/export.xlsx", "/training/export.csv"):
        response = client_as(Role.LEAD).get(path, query_string=query)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
