"""Timesheet exports: one row per entry, written as CSV (streamed) or XLSX (entries + summary).

Writers only: no request objects here. Headings and sheet names follow the current gettext
locale; the CSV's dialect follows the reader's language (Latvian Excel: ';' and a decimal comma,
dates dd.mm.yyyy), the workbook holds dates, times of day and hours as date, time and number
cells.
"""

import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from app.accounts import User
from app.calendar import format_clock, hours, month_end, month_start, week_start_of
from app.i18n import reader_language
from app.spreadsheets import (
    clock,
    csv_cell,
    csv_date,
    csv_number,
    csv_writer,
    defuse,
    describe,
    finish_table,
    heading_row,
    put,
    sheet_name,
)
from app.timesheets import queries
from app.timesheets.labels import PLACE_LABELS, STATUS_LABELS
from app.timesheets.models import WeekStatus

#: the widest a text column of the entries sheet grows, in characters (then its text wraps)
MAX_WIDTH = 50


class ExportRow(NamedTuple):
    mentor_id: int
    person: str
    day: date
    start: str  #: HH:MM
    end: str  #: HH:MM
    minutes: int  #: kept so totals are summed exactly, in whole minutes
    hours: float
    activity_id: int
    activity: str
    place: str  #: the translated label
    cases: str  #: case codes joined with ", "
    status: str  #: the week's translated status label
    start_minute: int = 0  #: minutes after midnight, for the workbook's time cells
    end_minute: int = 0


def headings() -> list[str]:
    return [
        _("Person"),
        _("Date"),
        _("Start"),
        _("End"),
        _("Hours"),
        _("Activity"),
        _("Place"),
        _("Case files"),
        _("Week status"),
    ]


def month_rows(mentor_ids: Iterable[int], month_first_day: date, language: str = "lv"):
    """One row per entry of these mentors in the month, in a fixed number of queries (4)."""
    mentor_ids = list(mentor_ids)
    if not mentor_ids:
        return
    first = month_start(month_first_day)
    last = month_end(first)
    names = dict(User.select(User.id, User.display_name).where(User.id.in_(mentor_ids)).tuples())
    entries = queries.entries_between(mentor_ids, first, last, language)
    weeks = queries.weeks_of(mentor_ids, week_start_of(first), week_start_of(last))
    with force_locale(language):
        places = {key: str(label) for key, label in PLACE_LABELS.items()}
        statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
    entries.sort(
        key=lambda e: (
            names.get(e["mentor"], ""),
            e["mentor"],
            e["day"],
            e["start_minute"],
            e["id"],
        )
    )
    for entry in entries:
        week = weeks.get((entry["mentor"], week_start_of(entry["day"])))
        status = week["status"] if week else WeekStatus.DRAFT
        yield ExportRow(
            mentor_id=entry["mentor"],
            person=names.get(entry["mentor"], ""),
            day=entry["day"],
            start=format_clock(entry["start_minute"]),
            end=format_clock(entry["end_minute"]),
            minutes=entry["minutes"],
            hours=hours(entry["minutes"]),
            activity_id=entry["activity"],
            activity=entry["activity_name"],
            place=places.get(entry["place"], entry["place"]),
            cases=", ".join(case["code"] for case in entry["cases"]),
            status=statuses.get(status, status),
            start_minute=entry["start_minute"],
            end_minute=entry["end_minute"],
        )


def _csv_cells(row: ExportRow, language: str) -> list[str]:
    return [
        csv_cell(row.person, language),
        csv_date(row.day, language),
        row.start,
        row.end,
        csv_number(row.hours, language),  # "1,50" in Latvian, "1.50" in English
        csv_cell(row.activity, language),
        csv_cell(row.place, language),
        csv_cell(row.cases, language),
        csv_cell(row.status, language),
    ]


def write_csv(
    rows: Iterable[ExportRow], flush_at: int = 16_384, language: str | None = None
) -> Iterator[str]:
    """The CSV as text chunks: a BOM (so Excel reads UTF-8), the heading row, then the rows, in
    the dialect of `language` (the reader's when None): ';' and "1,50" in Latvian."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, language)
    language = language or reader_language()
    writer.writerow([defuse(str(heading)) for heading in headings()])
    for row in rows:
        writer.writerow(_csv_cells(row, language))
        if buffer.tell() >= flush_at:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


# --- XLSX --------------------------------------------------------------------------------


def write_xlsx(rows: Iterable[ExportRow]) -> bytes:
    """A workbook: "Entries" (one row per entry) and "Summary" (hours per person x activity
    and per place, with totals)."""
    rows = list(rows)
    workbook = Workbook()
    describe(workbook, _("Timesheets"))
    used: set[str] = set()
    _entries_sheet(workbook.active, rows)
    workbook.active.title = sheet_name(_("Entries"), used)
    _summary_sheet(workbook.create_sheet(sheet_name(_("Summary"), used)), rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _entries_sheet(sheet, rows: list[ExportRow]) -> None:
    heading_row(sheet, 1, headings())
    for number, row in enumerate(rows, start=2):
        put(sheet, number, 1, row.person)
        put(sheet, number, 2, row.day)
        put(sheet, number, 3, clock(row.start_minute))
        put(sheet, number, 4, clock(row.end_minute))
        put(sheet, number, 5, row.hours, "0.00")
        put(sheet, number, 6, row.activity)
        put(sheet, number, 7, row.place)
        put(sheet, number, 8, row.cases)
        put(sheet, number, 9, row.status)
    finish_table(sheet, rows=len(rows), maximum=MAX_WIDTH)


def _summary_sheet(sheet, rows: list[ExportRow]) -> None:
    people: dict[int, str] = {}
    activities: dict[int, str] = {}
    by_cell: dict[tuple[int, int], int] = defaultdict(int)
    by_place: dict[str, int] = defaultdict(int)
    for row in rows:
        people.setdefault(row.mentor_id, row.person)
        activities.setdefault(row.activity_id, row.activity)
        by_cell[(row.mentor_id, row.activity_id)] += row.minutes
        by_place[row.place] += row.minutes
    activity_ids = sorted(activities)
    person_ids = sorted(people, key=lambda pid: (people[pid], pid))
    total_column = len(activity_ids) + 2

    put(sheet, 1, 1, _("Hours by person and activity")).font = Font(bold=True, size=12)
    heading_row(
        sheet, 2, [_("Person"), *(activities[a] for a in activity_ids), _("Total")], wrap=True
    )
    line = 3
    for person_id in person_ids:
        put(sheet, line, 1, people[person_id])
        for column, activity_id in enumerate(activity_ids, start=2):
            minutes = by_cell.get((person_id, activity_id), 0)
            put(sheet, line, column, hours(minutes), "0.00")
        person_total = sum(by_cell.get((person_id, a), 0) for a in activity_ids)
        put(sheet, line, total_column, hours(person_total), "0.00").font = Font(bold=True)
        line += 1
    put(sheet, line, 1, _("Total")).font = Font(bold=True)
    for column, activity_id in enumerate(activity_ids, start=2):
        minutes = sum(by_cell.get((p, activity_id), 0) for p in person_ids)
        put(sheet, line, column, hours(minutes), "0.00").font = Font(bold=True)
    grand_total = sum(row.minutes for row in rows)
    put(sheet, line, total_column, hours(grand_total), "0.00").font = Font(bold=True)

    line += 2
    put(sheet, line, 1, _("Hours by place")).font = Font(bold=True, size=12)
    heading_row(sheet, line + 1, [_("Place"), _("Hours")])
    line += 2
    labels = [str(label) for label in PLACE_LABELS.values()]
    labels += sorted(label for label in by_place if label not in labels)
    for label in labels:
        put(sheet, line, 1, label)
        put(sheet, line, 2, hours(by_place.get(label, 0)), "0.00")
        line += 1
    put(sheet, line, 1, _("Total")).font = Font(bold=True)
    put(sheet, line, 2, hours(grand_total), "0.00").font = Font(bold=True)

    finish_table(sheet, header_row=2, freeze="B3", auto_filter=False, maximum=30)
