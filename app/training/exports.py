"""The training log of a date range as XLSX (sessions, attendance, hours per person) and CSV
(sessions).

Writers only: no request objects here. They take the rows of app/training/reports.py, the same
the compliance page shows, so the files and the page agree. Headings, kind names and labels
follow the current gettext locale (the reader's language).
"""

import csv
import io
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook

from app.calendar import format_clock, hours
from app.meetings.labels import FORMAT_LABELS
from app.meetings.models import MeetingFormat
from app.permissions import Role
from app.spreadsheets import defuse, finish_table, heading_row, put
from app.training.labels import AUDIENCE_LABELS, COUNTS_LABELS
from app.training.reports import PersonHours
from app.training.summary import PeriodSummary, sentence

#: column widths in characters, in heading order
SESSION_WIDTHS = (12, 12, 8, 8, 26, 14, 44, 30, 14, 12, 24, 10, 10, 10, 14)
ATTENDANCE_WIDTHS = (12, 26, 44, 30, 22, 12, 12)
PERSON_WIDTHS = (30, 22, 16, 16, 16)


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


def session_values(row: dict) -> list:
    """A session's cells: dates as dates, hours and counts as numbers."""
    where = row["platform"] if row["format"] == MeetingFormat.ONLINE else row["place"]
    return [
        row["day"],
        row["end_day"],
        format_clock(row["start_minute"]),
        format_clock(row["end_minute"]),
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


def _csv_cell(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"  # a dot, whatever the locale: the file is read by programs too
    if value is None:
        return ""
    return defuse(str(value))


def write_csv(sessions: list[dict]) -> str:
    """The sessions as CSV text, with a BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([defuse(heading) for heading in session_headings()])
    for row in sessions:
        writer.writerow([_csv_cell(value) for value in session_values(row)])
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
    workbook = Workbook()
    _sessions_sheet(workbook.active, sessions, summary)
    _attendance_sheet(workbook.create_sheet(), invitations)
    _people_sheet(workbook.create_sheet(), people)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sessions_sheet(sheet, sessions: list[dict], summary: PeriodSummary) -> None:
    sheet.title = _("Sessions")[:31]
    heading_row(sheet, 1, session_headings())
    for line, row in enumerate(sessions, start=2):
        for column, value in enumerate(session_values(row), start=1):
            number_format = "DD.MM.YYYY" if column in (1, 2) else "0.00" if column == 12 else None
            put(sheet, line, column, value, number_format)
    put(sheet, len(sessions) + 3, 1, sentence(summary))
    finish_table(sheet, SESSION_WIDTHS, len(sessions))


def _attendance_sheet(sheet, invitations: list[dict]) -> None:
    sheet.title = _("Attendance")[:31]
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
        put(sheet, line, 1, row["day"], "DD.MM.YYYY")
        put(sheet, line, 2, row["kind_name"])
        put(sheet, line, 3, row["topic"])
        put(sheet, line, 4, row["display_name"])
        put(sheet, line, 5, _label(Role.LABELS, row["role"]))
        put(sheet, line, 6, hours(row["session_minutes"]), "0.00")
        # empty until marked; 0 for absent
        minutes = row["attended_minutes"]
        put(sheet, line, 7, None if minutes is None else hours(minutes), "0.00")
    finish_table(sheet, ATTENDANCE_WIDTHS, len(invitations))


def _people_sheet(sheet, people: list[PersonHours]) -> None:
    sheet.title = _("Hours per person")[:31]
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
    finish_table(sheet, PERSON_WIDTHS, len(people))
