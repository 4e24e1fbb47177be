"""Month exports: CSV and XLSX contents, who may export whose rows, bad input, query count."""

import csv
import io
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from peewee import fn
from playhouse.test_utils import assert_query_count, count_queries

from app.accounts import User
from app.cases.models import CaseFile
from app.permissions import Role
from app.spreadsheets import XLSX_MIMETYPE, defuse
from app.timesheets import exports, services
from app.timesheets.models import ActivityType, Entry, Place, Week
from app.timesheets.services import EntryInput
from tests.conftest import create_user

TODAY = date(2020, 2, 15)
LATVIAN_NAME = "Mentore Ģīle-Šķūņa (tests)"
FORMULA_NAME = '=HYPERLINK("http://example.invalid","x")'


@pytest.fixture
def month(app, users):
    """January 2020 for two mentors: `mentor` (supervised by the social worker), `other`
    (supervised by the lead), plus entries just outside the month."""
    with app.app_context():
        mentor = users[Role.MENTOR]
        User.update(display_name=LATVIAN_NAME).where(User.id == mentor.id).execute()
        mentor = User.get_by_id(mentor.id)
        other = create_user(
            "othermentor", Role.MENTOR, display_name=FORMULA_NAME, supervisor=users[Role.LEAD].id
        )
        social_worker = users[Role.SOCIAL_WORKER]
        for code, owner in (("L-0001", mentor), ("L-0002", mentor), ("L-0003", other)):
            CaseFile.create(
                code=code,
                social_worker=social_worker.id,
                mentor=owner.id,
                opened_on=date(2019, 1, 1),
            )
        first, second, third = (a.id for a in ActivityType.select().order_by(ActivityType.id)[:3])
        add = services.save_entry
        add(
            mentor,
            EntryInput(date(2020, 1, 6), 540, 630, first, Place.PMC, ["L-0002", "L-0001"]),
            TODAY,
        )
        add(mentor, EntryInput(date(2020, 1, 7), 795, 900, second, Place.REMOTE), TODAY)
        add(mentor, EntryInput(date(2020, 1, 31), 600, 660, first, Place.OUTSIDE), TODAY)
        add(mentor, EntryInput(date(2020, 1, 2), 480, 525, third, Place.OUTSIDE), TODAY)
        # the same week as 2 January, but December: not in the month
        add(mentor, EntryInput(date(2019, 12, 31), 480, 600, first, Place.PMC), TODAY)
        add(mentor, EntryInput(date(2020, 2, 3), 480, 600, first, Place.PMC), TODAY)
        add(other, EntryInput(date(2020, 1, 8), 540, 720, third, Place.OUTSIDE, ["L-0003"]), TODAY)
        week = services.submit_week(mentor, date(2020, 1, 6))
        services.approve_week(social_worker, week)
    return {"mentor": mentor, "other": other}


def csv_rows(response, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV in Latvian Excel's dialect (';'), or `delimiter`'s."""
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def translated(app, language, function, *args):
    with app.test_request_context(), force_locale(language):
        result = function(*args)
        return [str(item) for item in result] if isinstance(result, list) else str(result)


def january_minutes(mentor_ids) -> int:
    return (
        Entry.select(fn.SUM(Entry.end_minute - Entry.start_minute))
        .where(Entry.mentor.in_(mentor_ids), Entry.day.between(date(2020, 1, 1), date(2020, 1, 31)))
        .scalar()
    )


def activity_name(activity_number: int, language: str = "lv") -> str:
    activity = ActivityType.select().order_by(ActivityType.id)[activity_number - 1]
    return activity.name_en if language == "en" else activity.name_lv


# --- CSV -----------------------------------------------------------------------------------


def test_csv_has_a_header_and_one_row_per_entry_of_the_month(app, month, client_as):
    response = client_as(Role.MENTOR).get("/timesheets/export.csv?month=2020-01")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="timesheets-2020-01.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == translated(app, "lv", exports.headings)
    assert [row[1] for row in rows[1:]] == ["02.01.2020", "06.01.2020", "07.01.2020", "31.01.2020"]
    approved = translated(app, "lv", lambda: exports.STATUS_LABELS["approved"])
    pmc = translated(app, "lv", lambda: exports.PLACE_LABELS[Place.PMC])
    assert rows[2] == [
        LATVIAN_NAME,
        "06.01.2020",
        "09:00",
        "10:30",
        "1,50",
        activity_name(1),
        pmc,
        "L-0001, L-0002",
        approved,
    ]
    assert rows[3][2:5] == ["13:15", "15:00", "1,75"]  # decimal hours with a comma
    assert rows[3][7] == ""  # no case files named
    assert "ā" in rows[2][5] and "Ģ" in rows[2][0]  # Latvian letters survive the round trip


def test_csv_defuses_cells_a_spreadsheet_would_run_as_formulas(month, client_as):
    rows = csv_rows(client_as(Role.LEAD).get("/timesheets/export.csv?month=2020-01"))
    people = {row[0] for row in rows[1:]}
    assert "'" + FORMULA_NAME in people
    assert FORMULA_NAME not in people


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_defuse_prefixes_a_quote_to_each_formula_start(prefix):
    assert defuse(prefix + "1+2") == "'" + prefix + "1+2"


def test_defuse_leaves_ordinary_text_alone():
    assert defuse("Ārsts, 1-2") == "Ārsts, 1-2"
    assert defuse("") == ""


def test_csv_in_english_for_an_english_user(app, month, client_as):
    User.update(language="en").where(User.id == month["mentor"].id).execute()
    response = client_as(Role.MENTOR).get("/timesheets/export.csv?month=2020-01")
    assert response.get_data(as_text=True).splitlines()[0].count(";") == 0
    rows = csv_rows(response, delimiter=",")
    assert rows[0][0] == "Person"
    assert rows[0] == translated(app, "en", exports.headings)
    assert rows[2][5] == activity_name(1, "en")
    assert rows[2][1:5] == ["2020-01-06", "09:00", "10:30", "1.50"]  # ISO dates, a dot


def test_csv_of_an_empty_month_is_just_the_header(app, month, client_as):
    rows = csv_rows(client_as(Role.MENTOR).get("/timesheets/export.csv?month=2019-06"))
    assert rows == [translated(app, "lv", exports.headings)]


def test_write_csv_streams_in_chunks():
    row = exports.ExportRow(
        1, "A", date(2020, 1, 6), "09:00", "10:00", 60, 1.0, 1, "X", "PMC", "", "Draft", 540, 600
    )
    chunks = list(exports.write_csv([row] * 2000, flush_at=1000))
    assert len(chunks) > 10
    assert chunks[0].startswith("\ufeff")
    assert sum(chunk.count("\r\n") for chunk in chunks) == 2001


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_entries_sheet_has_number_date_and_time_cells(app, month, client_as):
    response = client_as(Role.MENTOR).get("/timesheets/export.xlsx?month=2020-01")
    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    assert "timesheets-2020-01.xlsx" in response.headers["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == [translated(app, "lv", _, "Entries"), "Kopsavilkums"]
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == translated(app, "lv", exports.headings)
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    # as wide as the longest name, the activity at most 50 characters
    assert sheet.column_dimensions["A"].width == len(LATVIAN_NAME) + 2
    assert 10 < sheet.column_dimensions["F"].width <= 50
    row = sheet[3]
    assert row[0].value == LATVIAN_NAME
    assert row[1].is_date and row[1].value == datetime(2020, 1, 6)
    assert row[1].number_format == "DD.MM.YYYY"
    assert row[2].is_date and row[2].value == time(9, 0) and row[2].number_format == "hh:mm"
    assert row[3].value == time(10, 30)
    assert row[4].data_type == "n" and row[4].value == 1.5
    assert row[5].value == activity_name(1)
    assert row[7].value == "L-0001, L-0002"
    assert sheet.max_row == 5


def test_xlsx_keeps_a_formula_like_name_as_text(month, client_as):
    book = workbook(client_as(Role.LEAD).get("/timesheets/export.xlsx?month=2020-01"))
    cells = [row[0] for row in book.worksheets[0].iter_rows(min_row=2)]
    formula_cells = [cell for cell in cells if cell.value == FORMULA_NAME]
    assert formula_cells and all(cell.data_type == "s" for cell in formula_cells)


def test_xlsx_summary_totals_equal_the_entries_and_the_database(app, month, client_as):
    book = workbook(client_as(Role.LEAD).get("/timesheets/export.xlsx?month=2020-01"))
    entry_hours = sum(row[4] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True))
    expected_minutes = january_minutes([month["mentor"].id, month["other"].id])
    assert entry_hours * 60 == expected_minutes == 90 + 105 + 60 + 45 + 180

    total = translated(app, "lv", _, "Total")
    summary = [list(row) for row in book.worksheets[1].iter_rows(values_only=True)]
    total_rows = [index for index, row in enumerate(summary) if row[0] == total]
    assert len(total_rows) == 2
    by_activity_total, by_place_total = (summary[index] for index in total_rows)
    width = len(summary[1])  # the heading row: person, activities..., total
    person_rows = summary[2 : total_rows[0]]
    assert len(person_rows) == 2
    grand_total = by_activity_total[width - 1]
    assert grand_total * 60 == expected_minutes
    assert sum(row[width - 1] for row in person_rows) == grand_total
    assert sum(by_activity_total[1 : width - 1]) == grand_total
    for row in person_rows:
        assert sum(row[1 : width - 1]) == row[width - 1]
    place_rows = summary[total_rows[0] + 4 : total_rows[1]]
    assert sum(row[1] for row in place_rows) == by_place_total[1] == grand_total
    assert {row[0] for row in place_rows} == set(
        translated(app, "lv", lambda: [str(v) for v in exports.PLACE_LABELS.values()])
    )


def test_xlsx_of_an_empty_month_has_zero_totals(month, client_as):
    book = workbook(client_as(Role.MENTOR).get("/timesheets/export.xlsx?month=2019-06"))
    assert book.worksheets[0].max_row == 1
    values = [v for row in book.worksheets[1].iter_rows(values_only=True) for v in row]
    assert not [v for v in values if isinstance(v, float | int) and v]


# --- scope ---------------------------------------------------------------------------------


def people_in(response) -> set[str]:
    assert response.status_code == 200, response.status_code
    return {row[0] for row in csv_rows(response)[1:]}


def test_a_mentor_exports_only_their_own_rows(month, client_as):
    client = client_as(Role.MENTOR)
    assert people_in(client.get("/timesheets/export.csv?month=2020-01")) == {LATVIAN_NAME}
    own = f"/timesheets/export.csv?month=2020-01&user={month['mentor'].id}"
    assert people_in(client.get(own)) == {LATVIAN_NAME}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_a_mentor_cannot_export_another_mentor(month, client_as, extension):
    client = client_as(Role.MENTOR)
    url = f"/timesheets/export.{extension}?month=2020-01&user={month['other'].id}"
    assert client.get(url).status_code == 404


def test_the_lead_exports_everyone_or_one_mentor(month, client_as):
    client = client_as(Role.LEAD)
    assert people_in(client.get("/timesheets/export.csv?month=2020-01")) == {
        LATVIAN_NAME,
        "'" + FORMULA_NAME,
    }
    one = client.get(f"/timesheets/export.csv?month=2020-01&user={month['mentor'].id}")
    assert people_in(one) == {LATVIAN_NAME}
    assert one.headers["Content-Disposition"] == (
        'attachment; filename="timesheets-2020-01-mentor.csv"'
    )


def test_a_social_worker_exports_only_supervised_mentors(month, client_as):
    client = client_as(Role.SOCIAL_WORKER)
    assert people_in(client.get("/timesheets/export.csv?month=2020-01")) == {LATVIAN_NAME}
    url = f"/timesheets/export.csv?month=2020-01&user={month['other'].id}"
    assert client.get(url).status_code == 404


def test_the_coordinator_exports_every_mentor(month, client_as):
    people = people_in(client_as(Role.COORDINATOR).get("/timesheets/export.csv?month=2020-01"))
    assert len(people) == 2


@pytest.mark.parametrize("user_arg", ["abc", "-1", "99999", "１"])
def test_a_user_that_is_not_a_visible_mentor_is_not_found(month, client_as, user_arg):
    response = client_as(Role.LEAD).get(f"/timesheets/export.csv?month=2020-01&user={user_arg}")
    assert response.status_code == 404


def test_a_user_that_is_not_a_mentor_is_not_found(month, users, client_as):
    url = f"/timesheets/export.xlsx?month=2020-01&user={users[Role.LEAD].id}"
    assert client_as(Role.LEAD).get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_roles_without_timesheets_view_are_refused(month, client_as, role, extension):
    response = client_as(role).get(f"/timesheets/export.{extension}?month=2020-01")
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_login(month, app):
    response = app.test_client().get("/timesheets/export.csv?month=2020-01")
    assert response.status_code in (302, 303)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "month=2020-13",
        "month=abc",
        "month=",
        "",
        "month=2020-1",
        "month=2020-00",
        "month=20201-01",
        "month=1999-12",
        "month=2020-01-01",
        "month=２０２０-01",
        "month=9999-12",
    ],
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_a_malformed_month_is_a_400_page_that_says_why(app, month, client_as, query, extension):
    response = client_as(Role.MENTOR).get(f"/timesheets/export.{extension}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    message = translated(app, "lv", _, "Give the month as YYYY-MM, for example 2020-01.")
    assert message in response.get_data(as_text=True)


# --- queries -------------------------------------------------------------------------------


def more_entries(mentor: User, count: int) -> None:
    activity = ActivityType.select().first().id
    days = [date(2020, 1, day) for day in range(13, 32) if date(2020, 1, day).weekday() < 5]
    added = 0
    for day in days:
        for start in (720, 840):
            if added == count:
                return
            services.save_entry(
                mentor,
                EntryInput(day, start, start + 60, activity, Place.REMOTE, ["L-0003"]),
                TODAY,
            )
            added += 1


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_export_query_count_does_not_grow_with_entries(app, month, client_as, extension):
    client = client_as(Role.LEAD)
    url = f"/timesheets/export.{extension}?month=2020-01"
    client.get(url)
    with count_queries() as counted:
        client.get(url).get_data()
    with app.app_context():
        more_entries(month["other"], 20)
        Week.update(status="submitted").where(Week.mentor == month["other"].id).execute()
    with assert_query_count(counted.count):
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200


def test_month_rows_uses_three_queries(app, month):
    ids = [month["mentor"].id, month["other"].id]
    with app.test_request_context(), assert_query_count(3):
        rows = list(exports.month_rows(ids, date(2020, 1, 1), "lv"))
    assert len(rows) == 5


def test_xlsx_ends_a_day_at_24_00_and_fits_long_text_in_taller_rows(app):
    long_activity = "Konsultācija par dzīvesvietas deklarēšanu un pabalstiem " * 3
    rows = [
        exports.ExportRow(
            1, "A", date(2020, 1, 6), "22:00", "24:00", 120, 2.0, 1, long_activity, "PMC", "", "-"
        ),
        exports.ExportRow(
            1, "A", date(2020, 1, 7), "09:00", "10:00", 60, 1.0, 2, "Īsi", "PMC", "", "-", 540, 600
        ),
    ]
    rows[0] = rows[0]._replace(start_minute=22 * 60, end_minute=24 * 60)
    with app.test_request_context():
        body = exports.write_xlsx(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    end = sheet.cell(row=2, column=4)
    assert end.value == timedelta(days=1) and end.number_format == "[hh]:mm"
    assert sheet.cell(row=2, column=3).value == time(22, 0)
    activity = sheet.cell(row=2, column=6)
    assert activity.alignment.wrap_text
    assert sheet.column_dimensions["F"].width == 50
    assert sheet.row_dimensions[2].height >= 3 * 15  # 170 characters in 50-character lines
    assert sheet.row_dimensions[3].height is None  # one line: Excel's own height
    assert sheet.cell(row=2, column=9).value == "-"  # a lone dash stays text
