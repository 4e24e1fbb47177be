"""The training log of a date range as XLSX (sessions, attendance, hours per person) and CSV
(sessions).

Writers only: no request objects here. They take the rows of app/training/reports.py, the same
the compliance page shows, so the files and the page agree. Headings, kind names and labels
follow the current gettext locale (the reader's language); the CSV's dialect too (Latvian
Excel: ';', a decimal comma and dates dd.mm.yyyy). The workbook holds dates, times of day and
hours as date, time and number cells.
"""

import io

from flask_babel import gettext as _

from app.calendar import format_clock, hours
from app.meetings.labels import FORMAT_LABELS
from app.meetings.models import MeetingFormat
from app.permissions import Role
from app.spreadsheets import (
    clock,
    csv_cell,
    csv_writer,
    defuse,
    describe,
    finish_table,
    heading_row,
    put,
    sheet_name,
)
from app.training.labels import AUDIENCE_LABELS, COUNTS_LABELS
from app.training.reports import PersonHours
from app.training.summary import PeriodSummary, sentence

#: the widest a text column grows, in characters (then its text wraps)
MAX_WIDTH = 44


def _label(labels: dict, value: str) -> str:
    label = labels.get(value)
    return str(label) if label is not None else value


def session_status(row: dict) -> str:
    if row["cancelled"]:
        return _("Cancelled")
    return _("Held") if row["held"] else _("Nobody marked as attended")


def session_headings() -> list[str]:
    return [
        _("Date"),
        _("Last day"),
        _("Start"),
        _("End"),
        _("Kind"),
        _("Counts as"),
        _("Topic"),
        _("Facilitator"),
        _("Format"),
        _("Audience"),
        _("Place or platform"),
        _("Hours"),
        _("Invited"),
        _("Attended"),
        _("Status"),
    ]


def session_values(row: dict, times=format_clock) -> list:
    """A session's cells: dates as dates, hours and counts as numbers, the times of day as
    `times` gives them (text "09:00" by default; app.spreadsheets.clock for time cells)."""
    where = row["platform"] if row["format"] == MeetingFormat.ONLINE else row["place"]
    return [
        row["day"],
        row["end_day"],
        times(row["start_minute"]),
        times(row["end_minute"]),
        row["kind_name"],
        _label(COUNTS_LABELS, row["counts_as"]),
        row["topic"],
        row["facilitator"],
        _label(FORMAT_LABELS, row["format"]),
        _label(AUDIENCE_LABELS, row["audience"]),
        where,
        hours(row["minutes"]),
        row["invited"],
        row["attended"],
        session_status(row),
    ]


# --- CSV ---------------------------------------------------------------------------------------


def write_csv(sessions: list[dict], language: str | None = None) -> str:
    """The sessions as CSV text, with a BOM so Excel reads UTF-8, in the dialect of `language`
    (the reader's when None): ';', "1,50" and 21.01.2020 in Latvian, ',', "1.50" and
    2020-01-21 in English."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, language)
    writer.writerow([defuse(heading) for heading in session_headings()])
    for row in sessions:
        writer.writerow([csv_cell(value, language) for value in session_values(row)])
    return buffer.getvalue()


# --- XLSX --------------------------------------------------------------------------------------


def write_xlsx(
    sessions: list[dict],
    invitations: list[dict],
    people: list[PersonHours],
    summary: PeriodSummary,
) -> bytes:
    """Three sheets: the sessions (with the report's sentence under them), every invitation
    with its mark, and each person's supervision and training hours."""
    from openpyxl import Workbook  # only the download needs it, not the pages

    workbook = Workbook()
    describe(workbook, _("Supervision and training"))
    used: set[str] = set()
    _sessions_sheet(workbook.active, sessions, summary, used)
    _attendance_sheet(workbook.create_sheet(), invitations, used)
    _people_sheet(workbook.create_sheet(), people, used)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sessions_sheet(sheet, sessions: list[dict], summary: PeriodSummary, used: set) -> None:
    sheet.title = sheet_name(_("Sessions"), used)
    heading_row(sheet, 1, session_headings())
    for line, row in enumerate(sessions, start=2):
        for column, value in enumerate(session_values(row, clock), start=1):
            put(sheet, line, column, value, "0.00" if column == 12 else None)
    finish_table(sheet, rows=len(sessions), maximum=MAX_WIDTH)
    # the report's sentence under the table, across it: not a column's content
    put(sheet, len(sessions) + 3, 1, sentence(summary))


def _attendance_sheet(sheet, invitations: list[dict], used: set) -> None:
    sheet.title = sheet_name(_("Attendance"), used)
    heading_row(
        sheet,
        1,
        [
            _("Date"),
            _("Kind"),
            _("Topic"),
            _("Person"),
            _("Role"),
            _("Session hours"),
            _("Hours attended"),
        ],
    )
    for line, row in enumerate(invitations, start=2):
        put(sheet, line, 1, row["day"])
        put(sheet, line, 2, row["kind_name"])
        put(sheet, line, 3, row["topic"])
        put(sheet, line, 4, row["display_name"])
        put(sheet, line, 5, _label(Role.LABELS, row["role"]))
        put(sheet, line, 6, hours(row["session_minutes"]), "0.00")
        # empty until marked; 0 for absent
        minutes = row["attended_minutes"]
        put(sheet, line, 7, None if minutes is None else hours(minutes), "0.00")
    finish_table(sheet, rows=len(invitations), maximum=MAX_WIDTH)


def _people_sheet(sheet, people: list[PersonHours], used: set) -> None:
    sheet.title = sheet_name(_("Hours per person"), used)
    heading_row(
        sheet,
        1,
        [_("Person"), _("Role"), _("Supervision hours"), _("Training hours"), _("Total hours")],
    )
    for line, person in enumerate(people, start=2):
        put(sheet, line, 1, person.name)
        put(sheet, line, 2, _label(Role.LABELS, person.role))
        put(sheet, line, 3, hours(person.supervision_minutes), "0.00")
        put(sheet, line, 4, hours(person.training_minutes), "0.00")
        put(sheet, line, 5, hours(person.total_minutes), "0.00")
    finish_table(sheet, rows=len(people), maximum=MAX_WIDTH)
