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

from app.accounts import User
from app.calendar import format_clock, hours, month_end, month_start, week_start_of
from app.i18n import reader_language
from app.spreadsheets import (
    Styled,
    clock,
    csv_cell,
    csv_date,
    csv_number,
    csv_writer,
    defuse,
    describe,
    sheet_name,
    write_rows,
)
from app.timesheets import queries
from app.timesheets.labels import PLACE_LABELS, STATUS_LABELS
from app.timesheets.models import WeekStatus

#: the widest a text column of the entries sheet grows, in characters (then its text wraps)
MAX_WIDTH = 50
HOURS = "0.00"


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
    """One row per entry of these mentors in the month, in a fixed number of queries (3)."""
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
    from openpyxl import Workbook

    rows = list(rows)
    workbook = Workbook()
    workbook.remove(workbook.active)
    describe(workbook, _("Timesheets"))
    used: set[str] = set()
    entries = workbook.create_sheet(sheet_name(_("Entries"), used))
    write_rows(entries, [headings(), *(_entry_cells(row) for row in rows)], maximum=MAX_WIDTH)
    summary = workbook.create_sheet(sheet_name(_("Summary"), used))
    lines, place_heading = _summary_lines(rows)
    write_rows(
        summary,
        lines,
        header_row=2,
        heading_rows=(place_heading,),
        freeze="B3",
        auto_filter=False,
        maximum=30,
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _entry_cells(row: ExportRow) -> list:
    return [
        row.person,
        row.day,
        clock(row.start_minute),
        clock(row.end_minute),
        Styled(row.hours, HOURS),
        row.activity,
        row.place,
        row.cases,
        row.status,
    ]


def _summary_lines(rows: list[ExportRow]) -> tuple[list[list], int]:
    """The summary sheet's rows, and the number of the row with the places' headings."""
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

    def total(minutes: int) -> Styled:
        return Styled(hours(minutes), HOURS, bold=True)

    lines: list[list] = [
        [Styled(_("Hours by person and activity"), bold=True, size=12)],
        [_("Person"), *(activities[a] for a in activity_ids), _("Total")],
    ]
    for person_id in person_ids:
        minutes = [by_cell.get((person_id, a), 0) for a in activity_ids]
        lines.append(
            [people[person_id], *(Styled(hours(m), HOURS) for m in minutes), total(sum(minutes))]
        )
    grand_total = sum(row.minutes for row in rows)
    lines.append(
        [
            Styled(_("Total"), bold=True),
            *(total(sum(by_cell.get((p, a), 0) for p in person_ids)) for a in activity_ids),
            total(grand_total),
        ]
    )
    lines += [[], [Styled(_("Hours by place"), bold=True, size=12)], [_("Place"), _("Hours")]]
    place_heading = len(lines)
    labels = [str(label) for label in PLACE_LABELS.values()]
    labels += sorted(label for label in by_place if label not in labels)
    lines += [[label, Styled(hours(by_place.get(label, 0)), HOURS)] for label in labels]
    lines.append([Styled(_("Total"), bold=True), total(grand_total)])
    return lines, place_heading
