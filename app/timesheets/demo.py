"""Demo timesheets: December 2019 – May 2020 for the eleven demo mentors, with their case files
(planned with their clients in app/clients/demo.py).

Invented and deterministic (random.Random(2020)). Rows are written in bulk inside one write
transaction, as the services would leave them: every entry in the Week of its ISO Monday, no two
ordinary entries overlapping, every case named open on the entry's day, Dec–Mar locked after
all their weeks were approved.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import chunked

from app.accounts import User
from app.calendar import open_on, week_start_of
from app.cases.models import CaseFile
from app.clients import demo as client_demo
from app.db import write_tx
from app.roster import demo as roster_demo
from app.timesheets.models import (
    ActivityType,
    Entry,
    EntryCase,
    MonthLock,
    Place,
    Week,
    WeekEvent,
    WeekStatus,
)

SEED = 2020
FIRST_MONDAY = date(2019, 12, 2)  #: also the demo staff's start date
LAST_DAY = date(2020, 5, 31)
#: from this day the reception centre was closed to visitors: most work went remote
REMOTE_FROM = date(2020, 3, 16)
LOCKED_MONTHS = (date(2019, 12, 1), date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1))
#: Latvian public holidays in the period (no entries)
HOLIDAYS = {
    date(2019, 12, 24),
    date(2019, 12, 25),
    date(2019, 12, 26),
    date(2019, 12, 31),
    date(2020, 1, 1),
    date(2020, 4, 10),
    date(2020, 4, 13),
    date(2020, 5, 1),
    date(2020, 5, 4),
}
MENTORS = client_demo.MENTORS
BATCH = 200

#: weights over the seeded activity list (in its order), before and after REMOTE_FROM
ACTIVITY_WEIGHTS = {
    False: [12, 14, 14, 9, 12, 7, 6, 8, 8, 5, 5],
    True: [18, 22, 3, 3, 14, 3, 6, 6, 14, 0, 5],
}
#: activities done in person by nature: accompanying, a doctor, housing
IN_PERSON = {2, 3, 5}
PLACE_WEIGHTS = {
    False: {Place.PMC: 55, Place.OUTSIDE: 35, Place.REMOTE: 10},
    True: {Place.PMC: 12, Place.OUTSIDE: 8, Place.REMOTE: 80},
}
REMOTE_NOTES = ["", "", "Telefons", "WhatsApp", "WhatsApp videozvans", "Skype", "Zoom"]

#: (mentor, Monday) -> the reviewer's comment: the two weeks sent back for fixing
RETURNED = {
    ("mentor3", date(2020, 5, 11)): (
        "Lūdzu, norādiet lietas kodu ceturtdienas ierakstiem un precizējiet vietu "
        "(PMC vai attālināti)."
    ),
    ("mentor8", date(2020, 5, 18)): (
        "Piektdienas vizīte pie ārsta ierakstīta kā integrācijas pasākums: lūdzu, izlabojiet "
        "aktivitātes veidu un atkārtoti iesniedziet nedēļu."
    ),
}
#: the last two weeks of May: who had submitted (the others approved earlier, or still drafting)
APPROVED_IN_WEEK_OF_18_MAY = {"mentor1", "mentor2", "mentor5", "mentor7", "mentor10"}
SUBMITTED_IN_WEEK_OF_25_MAY = {"mentor2", "mentor4", "mentor6", "mentor9", "mentor11"}
#: paid interpreting during working time for the mentor's own client: the double-funding case
CONFLICT = ("mentor2", date(2020, 5, 27))
CONFLICT_NOTE = "Apmaksāta tulkošana ārsta vizītē (atsevišķs līgums)"


@dataclass
class DemoCase:
    id: int
    code: str
    mentor: str
    opened_on: date
    closed_on: date | None

    def is_open_on(self, day: date) -> bool:
        return open_on(self.opened_on, self.closed_on, day)


def working_days() -> list[date]:
    days, day = [], FIRST_MONDAY
    while day <= LAST_DAY:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def mondays() -> list[date]:
    return [
        FIRST_MONDAY + timedelta(weeks=n)
        for n in range((week_start_of(LAST_DAY) - FIRST_MONDAY).days // 7 + 1)
    ]


def week_status(username: str, monday: date) -> str:
    if (username, monday) in RETURNED:
        return WeekStatus.RETURNED
    if monday == date(2020, 5, 25):
        return WeekStatus.SUBMITTED if username in SUBMITTED_IN_WEEK_OF_25_MAY else WeekStatus.DRAFT
    if monday == date(2020, 5, 18) and username not in APPROVED_IN_WEEK_OF_18_MAY:
        return WeekStatus.SUBMITTED
    return WeekStatus.APPROVED


def _at(day: date, hour: int, rng: random.Random) -> datetime:
    """An instant (naive UTC) on `day`, a few minutes after `hour`."""
    return datetime.combine(day, time(hour, rng.randrange(0, 60)))


def make_cases(staff: dict[str, User], first_id: int) -> list[DemoCase]:
    """The demo's case files (app/clients/demo.py plans them with their members)."""
    ids = client_demo.write_case_files(staff, first_id)
    return [
        DemoCase(ids[h.code], h.code, h.mentor, h.opened_on, h.closed_on)
        for h in client_demo.case_plan()
    ]


def day_plan(rng: random.Random) -> list[tuple[int, int]]:
    """2–4 (start, end) pairs of 1–3 h in 15-minute steps, in order, not overlapping."""
    durations = [rng.randint(4, 12) * 15 for _ in range(rng.choice((2, 3, 3, 4)))]
    while sum(durations) > 8 * 60:
        longest = durations.index(max(durations))
        durations[longest] -= 15
    start = 8 * 60 + rng.randint(0, 6) * 15
    plan = []
    for minutes in durations:
        plan.append((start, start + minutes))
        start += minutes + rng.choice((0, 0, 15, 30, 45, 60))
    return plan


def load_timesheet_demo() -> dict[str, int]:
    """Cases, weeks, entries, reviews and month locks for the demo staff; returns counts."""
    rng = random.Random(SEED)
    with write_tx():
        staff = {user.username: user for user in User.select()}
        activity_ids = [
            activity_id
            for (activity_id,) in ActivityType.select(ActivityType.id)
            .where(ActivityType.active)
            .order_by(ActivityType.sort_order, ActivityType.id)
            .tuples()
        ]
        cases = make_cases(staff, client_demo.next_id(CaseFile))
        weeks = _write_weeks(rng, staff)
        entries, links = _entries(rng, staff, activity_ids, cases, weeks)
        _write_entries(entries, links)
        coordinator = staff["coordinator"]
        for month in LOCKED_MONTHS:
            after = (month + timedelta(days=32)).replace(day=8)
            MonthLock.create(month=month, locked_by=coordinator.id, locked_at=_at(after, 9, rng))
    return {
        "cases": len(cases),
        "weeks": len(weeks),
        "entries": len(entries),
        "entry_cases": len(links),
        "locked_months": len(LOCKED_MONTHS),
    }


def _write_weeks(rng: random.Random, staff: dict[str, User]) -> dict[tuple[str, date], int]:
    """One Week per mentor and Monday, with the events that led to its status."""
    week_id = client_demo.next_id(Week)
    weeks: dict[tuple[str, date], int] = {}
    week_rows, events = [], []
    for monday in mondays():
        friday = monday + timedelta(days=4)
        for username in MENTORS:
            mentor = staff[username]
            status = week_status(username, monday)
            submitted_at = None
            if status != WeekStatus.DRAFT:
                submitted_at = _at(friday, 14, rng)
                events.append((week_id, submitted_at, mentor.id, "submit", ""))
                decided_at = _at(monday + timedelta(days=rng.choice((7, 7, 8))), 8, rng)
                if status == WeekStatus.APPROVED:
                    events.append((week_id, decided_at, mentor.supervisor_id, "approve", ""))
                elif status == WeekStatus.RETURNED:
                    comment = RETURNED[(username, monday)]
                    events.append((week_id, decided_at, mentor.supervisor_id, "return", comment))
            week_rows.append((week_id, mentor.id, monday, status, submitted_at))
            weeks[(username, monday)] = week_id
            week_id += 1
    for batch in chunked(week_rows, BATCH):
        Week.insert_many(
            batch, fields=[Week.id, Week.mentor, Week.week_start, Week.status, Week.submitted_at]
        ).execute()
    for batch in chunked(events, BATCH):
        WeekEvent.insert_many(
            batch,
            fields=[
                WeekEvent.week,
                WeekEvent.at,
                WeekEvent.actor,
                WeekEvent.action,
                WeekEvent.comment,
            ],
        ).execute()
    return weeks


def _entries(rng, staff, activity_ids, cases, weeks):
    """Entry rows (as tuples, with explicit ids) and their case links."""
    entry_id = client_demo.next_id(Entry)
    entries: list[tuple] = []
    links: list[tuple] = []
    by_mentor = {username: [c for c in cases if c.mentor == username] for username in MENTORS}
    days = working_days()
    for username in MENTORS:
        mentor = staff[username]
        for day in days:
            if rng.random() < 0.03 and (username, day) != CONFLICT:
                continue  # leave or sick day
            remote_era = day >= REMOTE_FROM
            open_cases = [case for case in by_mentor[username] if case.is_open_on(day)]
            week_id = weeks[(username, week_start_of(day))]
            stamp = datetime.combine(day, time(15, 0))
            plan = day_plan(rng)
            for start, end in plan:
                activity_index = _weighted_index(rng, ACTIVITY_WEIGHTS[remote_era], activity_ids)
                place = _place(rng, remote_era, activity_index)
                note = rng.choice(REMOTE_NOTES) if place == Place.REMOTE else ""
                if place == Place.PMC and not roster_demo.at_centre(username, day):
                    place = Place.REMOTE  # the centre is closed to all but the roster's staff
                entries.append(
                    (
                        entry_id,
                        week_id,
                        mentor.id,
                        day,
                        start,
                        end,
                        activity_ids[activity_index],
                        place,
                        note,
                        False,
                        1,
                        stamp,
                        stamp,
                    )
                )
                named = rng.choices((0, 1, 2), weights=(20, 55, 25))[0]
                for case in rng.sample(open_cases, min(named, len(open_cases))):
                    links.append((entry_id, case.id, False))
                entry_id += 1
            if (username, day) == CONFLICT:
                start = plan[0][0] + 30
                own_case = open_cases[0]
                doctor = activity_ids[3] if len(activity_ids) > 3 else activity_ids[0]
                entries.append(
                    (
                        entry_id,
                        week_id,
                        mentor.id,
                        day,
                        start,
                        start + 90,
                        doctor,
                        Place.OUTSIDE,
                        CONFLICT_NOTE,
                        True,
                        1,
                        stamp,
                        stamp,
                    )
                )
                links.append((entry_id, own_case.id, False))
                entry_id += 1
    return entries, links


def _weighted_index(rng: random.Random, weights: list[int], activity_ids: list[int]) -> int:
    if len(weights) != len(activity_ids):
        return rng.randrange(len(activity_ids))
    return rng.choices(range(len(activity_ids)), weights=weights)[0]


def _place(rng: random.Random, remote_era: bool, activity_index: int) -> str:
    if activity_index in IN_PERSON:
        return Place.OUTSIDE
    weights = PLACE_WEIGHTS[remote_era]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _write_entries(entries: list[tuple], links: list[tuple]) -> None:
    entry_fields = [
        Entry.id,
        Entry.week,
        Entry.mentor,
        Entry.day,
        Entry.start_minute,
        Entry.end_minute,
        Entry.activity,
        Entry.place,
        Entry.note,
        Entry.paid_interpreting,
        Entry.version,
        Entry.created_at,
        Entry.updated_at,
    ]
    for batch in chunked(entries, BATCH):
        Entry.insert_many(batch, fields=entry_fields).execute()
    for batch in chunked(links, BATCH):
        EntryCase.insert_many(
            batch, fields=[EntryCase.entry, EntryCase.case_file, EntryCase.covering]
        ).execute()
