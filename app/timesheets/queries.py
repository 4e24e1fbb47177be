"""Who sees whose timesheets, and the reads the pages and exports share."""

from collections import defaultdict
from datetime import date

from peewee import JOIN, SQL, Case, Tuple, fn

from app import scope
from app.accounts import User
from app.calendar import month_end, overlaps, week_start_of
from app.cases.models import CaseFile
from app.paging import page_of
from app.permissions import Role
from app.plans.models import PlanGoal
from app.statements import IDS, statement
from app.timesheets.models import (
    ActivityType,
    Entry,
    EntryCase,
    MonthLock,
    Notice,
    Week,
    WeekEvent,
    WeekStatus,
)


def mentors_visible_to(viewer: User):
    """Mentors whose timesheets the viewer may read: self, supervised mentors, or everyone."""
    query = User.select().where(User.role == Role.MENTOR)
    if viewer.role in (Role.LEAD, Role.COORDINATOR):
        return query
    if viewer.role == Role.SOCIAL_WORKER:
        return query.where(User.supervisor == viewer.id)
    if viewer.role == Role.MENTOR:
        return query.where(User.id == viewer.id)
    return query.where(SQL("1 = 0"))


def mentors_reviewable_by(reviewer: User):
    """Mentors whose weeks the reviewer may approve or return."""
    query = User.select().where(User.role == Role.MENTOR)
    if reviewer.role == Role.LEAD:
        return query
    if reviewer.role == Role.SOCIAL_WORKER:
        return query.where(User.supervisor == reviewer.id)
    return query.where(SQL("1 = 0"))


def visible_mentor(viewer: User, mentor_id: int) -> User | None:
    if viewer.role == Role.MENTOR and viewer.id == mentor_id:
        return viewer  # a mentor sees their own only: the row is the signed-in user, read already
    return mentors_visible_to(viewer).where(User.id == mentor_id).first()


def can_review(reviewer: User, mentor_id: int) -> bool:
    return mentors_reviewable_by(reviewer).where(User.id == mentor_id).exists()


def find_week(mentor_id: int, week_start: date) -> Week | None:
    return Week.get_or_none(Week.mentor == mentor_id, Week.week_start == week_start)


#: the keys of an entry row (entries_between), in the order of its query's columns
ENTRY_KEYS = (
    "id",
    "mentor",
    "week",
    "day",
    "start_minute",
    "end_minute",
    "minutes",
    "activity",
    "place",
    "note",
    "paid_interpreting",
    "version",
    "activity_name",
)
#: the keys of one of its case links: the case file's id, code and mentor, whether the mentor
#: covered a colleague's case, the plan goal served (its id and text, or None)
CASE_KEYS = ("id", "code", "mentor", "covering", "goal", "goal_text")


def entries_between(mentor_ids, first: date, last: date, language: str = "lv") -> list[dict]:
    """Entries of these mentors from `first` to `last` with their minutes, activity and case
    files (`cases`, by code): 1 query."""
    mentor_ids = list(mentor_ids)
    if not mentor_ids:
        return []
    return _entries_of(_entries_between.rows(mentor_ids, first, last, language=language))


@statement(IDS, date, date)
def _entries_between(mentor_ids, first, last, *, language):
    return _entry_rows(Entry.mentor.in_(mentor_ids) & Entry.day.between(first, last), language)


def interpreting_day_keys(first: date, last: date, viewer=None):
    """(mentor id, day) of the days from `first` to `last` with paid interpreting, of the
    mentors `viewer` may see by name when given: read from their own index
    (timesheets/models.py), not from every entry of the history."""
    interpreting = Entry.alias()
    days = interpreting.select(interpreting.mentor, interpreting.day).where(
        interpreting.paid_interpreting, interpreting.day.between(first, last)
    )
    if viewer is not None:
        days = days.where(scope.people_condition(viewer, interpreting.mentor))
    return days


def interpreting_days(first: date, last: date, viewer=None) -> list[dict]:
    """Every entry of those days (interpreting_day_keys), as entries_between gives them: all
    that a double-funding conflict can involve, in 1 query."""
    days = interpreting_day_keys(first, last, viewer)
    condition = Entry.day.between(first, last) & Tuple(Entry.mentor, Entry.day).in_(days)
    return _entries_of(_entry_rows(condition, "lv"))


def _entry_rows(condition, language: str):
    """Entries matching `condition`, a row per case link, read as plain tuples (model objects
    and peewee's dict rows cost more than the SQL on a week page)."""
    return (
        Entry.select(
            Entry.id,
            Entry.mentor,
            Entry.week,
            Entry.day,
            Entry.start_minute,
            Entry.end_minute,
            Entry.minutes,
            Entry.activity,
            Entry.place,
            Entry.note,
            Entry.paid_interpreting,
            Entry.version,
            ActivityType.name_column(language),
            CaseFile.id,
            CaseFile.code,
            CaseFile.mentor,
            EntryCase.covering,
            EntryCase.goal,
            PlanGoal.text,
        )
        .join(ActivityType)
        .switch(Entry)
        .join(EntryCase, JOIN.LEFT_OUTER)
        .join(CaseFile, JOIN.LEFT_OUTER)
        .switch(EntryCase)
        .join(PlanGoal, JOIN.LEFT_OUTER)
        .where(condition)
        .order_by(Entry.mentor, Entry.day, Entry.start_minute, Entry.id, CaseFile.code)
        .tuples()
    )


def _entries_of(rows) -> list[dict]:
    """The entries of _entry_rows' rows, each with its `cases`."""
    entries: list[dict] = []
    width = len(ENTRY_KEYS)
    for row in rows:
        if not entries or entries[-1]["id"] != row[0]:
            entries.append({**dict(zip(ENTRY_KEYS, row[:width], strict=True)), "cases": []})
        if row[width] is not None:
            entries[-1]["cases"].append(dict(zip(CASE_KEYS, row[width:], strict=True)))
    return entries


#: entries a page of the list of all entries shows
ENTRIES_PAGE_SIZE = 50


def entries_page(
    viewer: User, month: date | None, page: int, language: str
) -> tuple[list[dict], bool]:
    """One page of the entries of the people `viewer` sees (app/scope.py), newest first, of
    one month or of all: day, time, minutes, mentor, activity, place, the week's status and
    the case codes; and whether a next page follows. Two queries, read from the
    (day, start_minute) index whatever the history's length."""
    query = (
        Entry.select(
            Entry.id,
            Entry.mentor,
            Entry.day,
            Entry.start_minute,
            Entry.end_minute,
            Entry.minutes.alias("minutes"),
            Entry.place,
            Entry.paid_interpreting,
            User.display_name.alias("mentor_name"),
            ActivityType.name_column(language).alias("activity_name"),
            Week.status.alias("week_status"),
        )
        .join(User, on=Entry.mentor == User.id)
        .switch(Entry)
        .join(ActivityType)
        .switch(Entry)
        .join(Week)
        .where(scope.people_condition(viewer, Entry.mentor))
        .order_by(Entry.day.desc(), Entry.start_minute.desc(), Entry.id.desc())
    )
    if month is not None:
        query = query.where(Entry.day.between(month, month_end(month)))
    rows, has_next = page_of(query.dicts(), page, ENTRIES_PAGE_SIZE)
    attach_cases(rows)
    return rows, has_next


def attach_cases(rows: list[dict]) -> None:
    """Add each entry's case files (code, whose, covering, the plan goal served: its id and
    text, or None) in one query."""
    by_entry = {row["id"]: row for row in rows}
    for row in rows:
        row["cases"] = []
    if not by_entry:
        return
    links = (
        EntryCase.select(
            EntryCase.entry,
            EntryCase.covering,
            CaseFile.id,
            CaseFile.code,
            CaseFile.mentor,
            EntryCase.goal,
            PlanGoal.text.alias("goal_text"),
        )
        .join(CaseFile)
        .switch(EntryCase)
        .join(PlanGoal, JOIN.LEFT_OUTER)
        .where(EntryCase.entry.in_(list(by_entry)))
        .order_by(CaseFile.code)
        .dicts()
    )
    for link in links:
        by_entry[link["entry"]]["cases"].append(link)


def conflicts(entries: list[dict]) -> dict[int, list[str]]:
    """Double-funding conflicts by entry id: paid interpreting that overlaps other work of the
    same mentor, or that names one of the mentor's own cases."""
    found: dict[int, list[str]] = defaultdict(list)
    by_day: dict[tuple, list[dict]] = defaultdict(list)
    for entry in entries:
        by_day[(entry["mentor"], entry["day"])].append(entry)
    for same_day in by_day.values():
        for entry in same_day:
            if not entry["paid_interpreting"]:
                continue
            for other in same_day:
                if other["id"] != entry["id"] and overlaps(
                    entry["start_minute"],
                    entry["end_minute"],
                    other["start_minute"],
                    other["end_minute"],
                ):
                    found[entry["id"]].append("overlap")
                    found[other["id"]].append("overlap")
            if any(case["mentor"] == entry["mentor"] for case in entry["cases"]):
                found[entry["id"]].append("own_case")
    return {entry_id: sorted(set(kinds)) for entry_id, kinds in found.items()}


def open_weeks_between(first: date, last: date) -> list[dict]:
    """Weeks touching the days that are not approved yet (drafts, submitted, returned), with
    their mentor's name, oldest first; a week without a row was never started and holds no
    entries, so it has nothing to approve."""
    rows = (
        Week.select(
            Week.id, Week.week_start, Week.status, User.id.alias("mentor"), User.display_name
        )
        .join(User, on=(Week.mentor == User.id))
        .where(
            Week.status != WeekStatus.APPROVED,
            Week.week_start.between(week_start_of(first), last),
            fn.EXISTS(Entry.select(SQL("1")).where(Entry.week == Week.id)),
        )
        .order_by(Week.week_start, User.display_name)
        .dicts()
    )
    return list(rows)


def unjustified_conflicts(first: date, last: date) -> dict[tuple[int, date], int]:
    """Entries in a double-funding conflict between the days, by (mentor id, Monday) of the
    weeks the lead has not justified. Only the days with paid interpreting are read: a conflict
    always involves it."""
    entries = interpreting_days(first, last)
    conflicting = conflicts(entries)
    if not conflicting:
        return {}
    justified = {
        (mentor, monday)
        for mentor, monday in Week.select(Week.mentor, Week.week_start)
        .where(
            Week.week_start.between(week_start_of(first), last),
            Week.conflict_justification.is_null(False),
            Week.conflict_justification != "",
        )
        .tuples()
    }
    found: dict[tuple[int, date], int] = defaultdict(int)
    for entry in entries:
        key = (entry["mentor"], week_start_of(entry["day"]))
        if entry["id"] in conflicting and key not in justified:
            found[key] += 1
    return dict(found)


def week_history(week_id: int) -> list[dict]:
    return _week_history.rows(week_id)


@statement(int)
def _week_history(week_id):
    return (
        WeekEvent.select(
            WeekEvent.at, WeekEvent.action, WeekEvent.comment, User.display_name.alias("actor")
        )
        .join(User)
        .where(WeekEvent.week == week_id)
        .order_by(WeekEvent.at, WeekEvent.id)
        .dicts()
    )


def locked_months(first: date, last: date) -> set[date]:
    """First days of the locked months between two dates."""
    return {month for (month,) in _locked_months.rows(first.replace(day=1), last)}


@statement(date, date)
def _locked_months(first_month, last):
    return (
        MonthLock.select(MonthLock.month)
        .where(MonthLock.locked, MonthLock.month.between(first_month, last))
        .tuples()
    )


def weeks_of(mentor_ids, first_monday: date, last_monday: date) -> dict[tuple, dict]:
    """Week rows keyed by (mentor id, Monday)."""
    mentor_ids = list(mentor_ids)
    if not mentor_ids:
        return {}
    rows = _weeks_of.rows(mentor_ids, first_monday, last_monday)
    return {(row["mentor"], row["week_start"]): row for row in rows}


@statement(IDS, date, date)
def _weeks_of(mentor_ids, first_monday, last_monday):
    return (
        Week.select(
            Week.id,
            Week.mentor,
            Week.week_start,
            Week.status,
            Week.submitted_at,
            Week.conflict_justification,
        )
        .where(Week.mentor.in_(mentor_ids), Week.week_start.between(first_monday, last_monday))
        .dicts()
    )


def minutes_by_mentor_week(mentor_ids, first: date, last: date) -> dict[tuple, int]:
    """Total minutes per (mentor id, Monday) between two dates, in one grouped query."""
    mentor_ids = list(mentor_ids)
    if not mentor_ids:
        return {}
    rows = _minutes_by_mentor_week.rows(mentor_ids, first, last)
    return {(mentor, week_start): total for mentor, week_start, total in rows}


@statement(IDS, date, date)
def _minutes_by_mentor_week(mentor_ids, first, last):
    return (
        Entry.select(Entry.mentor, Week.week_start, fn.SUM(Entry.minutes))
        .join(Week)
        .where(Entry.mentor.in_(mentor_ids), Entry.day.between(first, last))
        .group_by(Entry.mentor, Week.week_start)
        .tuples()
    )


def submitted_queue(reviewer: User) -> list[dict]:
    """Weeks waiting for this reviewer's decision, oldest submission first."""
    if reviewer.role == Role.LEAD:
        return _submitted_weeks.rows()
    if reviewer.role == Role.SOCIAL_WORKER:
        return _submitted_weeks_supervised.rows(reviewer.id)
    return []


def _submitted(*mentor_conditions):
    # of the mentors mentors_reviewable_by gives each role
    return (
        Week.select(
            Week.id,
            Week.week_start,
            Week.submitted_at,
            Week.mentor,
            User.display_name.alias("mentor_name"),
        )
        .join(User, on=(Week.mentor == User.id))
        .where(Week.status == "submitted", User.role == Role.MENTOR, *mentor_conditions)
        .order_by(Week.submitted_at, Week.id)
        .dicts()
    )


@statement()
def _submitted_weeks():
    return _submitted()


@statement(int)
def _submitted_weeks_supervised(supervisor_id):
    return _submitted(User.supervisor == supervisor_id)


def open_notices(user: User) -> list[dict]:
    """The reminders to file a week that the user has not dismissed, newest first (one query;
    none for anyone but a mentor: only mentors are reminded)."""
    if user.role != Role.MENTOR:
        return []
    return list(
        Notice.select(
            Notice.id, Notice.week_start, Notice.created_at, User.display_name.alias("sender")
        )
        .join(User, JOIN.INNER, on=(Notice.created_by == User.id))
        .where(Notice.user == user.id, Notice.read_at.is_null())
        .order_by(Notice.created_at.desc())
        .dicts()
    )


def _month_of(ranges: list[tuple[date, date]]):
    """The index in `ranges` of the range an entry's day falls in, as an SQL expression."""
    return Case(
        None, [(Entry.day.between(first, last), i) for i, (first, last) in enumerate(ranges)]
    )


def minutes_grouped(mentor_ids, ranges: list[tuple[date, date]]) -> list[tuple]:
    """The minutes of these mentors' entries in the consecutive `ranges` (a report's months),
    summed per (range index, mentor, activity id, place, week status): one grouped query, a
    few hundred rows however many entries. It groups by the first column's position: the
    range's CASE carries its dates as parameters, and PostgreSQL would not take a second copy
    of it in GROUP BY for the same expression."""
    month = _month_of(ranges)
    return list(
        Entry.select(month, Entry.mentor, Entry.activity, Entry.place, Week.status)
        .select_extend(fn.SUM(Entry.minutes))
        .join(Week)
        .where(Entry.mentor.in_(mentor_ids), Entry.day.between(ranges[0][0], ranges[-1][1]))
        .group_by(SQL("1"), Entry.mentor, Entry.activity, Entry.place, Week.status)
        .tuples()
    )


def cases_named(mentor_ids, ranges: list[tuple[date, date]]) -> list[tuple[int, int, int]]:
    """The distinct (range index, mentor, case file id) of the case files these mentors' entries
    in the consecutive `ranges` name: one query."""
    month = _month_of(ranges)
    return list(
        EntryCase.select(month, Entry.mentor, EntryCase.case_file)
        .join(Entry)
        .where(Entry.mentor.in_(mentor_ids), Entry.day.between(ranges[0][0], ranges[-1][1]))
        .distinct()
        .tuples()
    )
