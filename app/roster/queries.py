"""Reads of the roster: the weeks as each role may see them, a week's shifts, the cap holding on
each day, the breaches of the cap on the plan and in the timesheets, and who was on site."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import JOIN, fn

from app.accounts import User
from app.calendar import week_end
from app.permissions import Role
from app.roster.labels import Limit, Source
from app.roster.models import (
    MENTOR_ROLES,
    ROSTER_ROLES,
    WORKER_ROLES,
    RosterCap,
    RosterShift,
    RosterStatus,
    RosterWeek,
)
from app.timesheets.models import Entry, Place


def weeks_visible_to(user: User):
    """Every roster week for the staff; the funder reads the weeks sent to it."""
    query = RosterWeek.select()
    if user.role == Role.AUDITOR:
        query = query.where(RosterWeek.status == RosterStatus.SENT)
    return query


def may_see_week(user: User, week: RosterWeek | None) -> bool:
    """A week without a row is an empty draft: staff see it, the funder does not."""
    if user.role == Role.AUDITOR:
        return week is not None and week.status == RosterStatus.SENT
    return True


def find_week(week_start: date) -> RosterWeek | None:
    return RosterWeek.get_or_none(RosterWeek.week_start == week_start)


def week_rows(user: User) -> list[dict]:
    """The weeks of the roster, newest first, with their state and number of shifts (1 query)."""
    return list(
        weeks_visible_to(user)
        .select(
            RosterWeek.id,
            RosterWeek.week_start,
            RosterWeek.status,
            RosterWeek.sent_on,
            fn.COUNT(RosterShift.id).alias("shifts"),
        )
        .join(RosterShift, JOIN.LEFT_OUTER, on=RosterShift.week == RosterWeek.id)
        .group_by(RosterWeek.id, RosterWeek.week_start, RosterWeek.status, RosterWeek.sent_on)
        .order_by(RosterWeek.week_start.desc())
        .dicts()
    )


def shifts_between(first: date, last: date) -> list[dict]:
    """The shifts of the days, with their person's name and role, by day and start (1 query)."""
    return list(
        RosterShift.select(
            RosterShift.id,
            RosterShift.week,
            RosterShift.day,
            RosterShift.person,
            RosterShift.start_minute,
            RosterShift.end_minute,
            RosterShift.duty,
            RosterShift.confirmed_at,
            User.display_name.alias("name"),
            User.role.alias("role"),
            User.grammatical_gender,
        )
        .join(User, on=RosterShift.person == User.id)
        .where(RosterShift.day.between(first, last))
        .order_by(RosterShift.day, RosterShift.start_minute, User.display_name, RosterShift.id)
        .dicts()
    )


def role_order(role: str) -> int:
    """Social workers first (the lead among them), then mentors."""
    return 0 if role in WORKER_ROLES else 1


def people_of(shifts: list[dict]) -> list[dict]:
    """The people the shifts name, social workers first, each once, by name."""
    people = {
        row["person"]: {
            "id": row["person"],
            "name": row["name"],
            "role": row["role"],
            "grammatical_gender": row["grammatical_gender"],
        }
        for row in shifts
    }
    return sorted(
        people.values(), key=lambda p: (role_order(p["role"]), p["name"].casefold(), p["id"])
    )


def roster_staff(keep: int | None = None) -> list[tuple[int, str, str, str]]:
    """(id, name, role, grammatical gender) of the active staff a roster may name, social
    workers first (1 query); `keep` adds that person even when no longer eligible (a shift
    being edited)."""
    query = User.select(User.id, User.display_name, User.role, User.grammatical_gender).where(
        (User.active & User.role.in_(ROSTER_ROLES)) | (User.id == (keep or 0))
    )
    rows = list(query.tuples())
    return sorted(rows, key=lambda r: (role_order(r[2]), r[1].casefold(), r[0]))


# --- the cap ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cap:
    valid_from: date
    max_staff: int | None
    max_workers: int | None
    max_mentors: int | None

    def limit(self, what: str) -> int | None:
        return {
            Limit.STAFF: self.max_staff,
            Limit.WORKERS: self.max_workers,
            Limit.MENTORS: self.max_mentors,
        }[what]


def caps() -> list[Cap]:
    """Every cap, oldest first (1 query)."""
    rows = RosterCap.select(
        RosterCap.valid_from, RosterCap.max_staff, RosterCap.max_workers, RosterCap.max_mentors
    ).order_by(RosterCap.valid_from)
    return [Cap(*row) for row in rows.tuples()]


def cap_on(day: date, known: list[Cap]) -> Cap | None:
    """The cap holding on the day: the last one from that day or before."""
    holding = None
    for cap in known:
        if cap.valid_from <= day:
            holding = cap
    return holding


# --- breaches ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    day: date
    source: str  #: Source.PLAN or Source.TIMESHEETS
    what: str  #: Limit.STAFF, WORKERS or MENTORS
    count: int  #: how many were (planned to be) on site
    limit: int  #: what the cap holding that day allows


@dataclass
class DayCount:
    workers: set = field(default_factory=set)
    mentors: set = field(default_factory=set)

    def number(self, what: str) -> int:
        if what == Limit.WORKERS:
            return len(self.workers)
        if what == Limit.MENTORS:
            return len(self.mentors)
        return len(self.workers) + len(self.mentors)


def _over(day: date, source: str, count: DayCount, cap: Cap | None) -> list[Breach]:
    if cap is None:
        return []
    found = []
    for what in Limit.ALL:
        limit = cap.limit(what)
        if limit is not None and count.number(what) > limit:
            found.append(Breach(day, source, what, count.number(what), limit))
    return found


def planned_counts(first: date, last: date) -> dict[date, DayCount]:
    """Per day, the people planned on the roster, by role (1 query)."""
    counts: dict[date, DayCount] = defaultdict(DayCount)
    rows = (
        RosterShift.select(RosterShift.day, RosterShift.person, User.role)
        .join(User, on=RosterShift.person == User.id)
        .where(RosterShift.day.between(first, last))
        .tuples()
    )
    for day, person, role in rows:
        (counts[day].mentors if role in MENTOR_ROLES else counts[day].workers).add(person)
    return counts


def mentors_at_centre(first: date, last: date) -> dict[date, set[int]]:
    """Per day, the mentors whose timesheets have an entry at the reception centre, in any state
    of their week: planned or not (1 query)."""
    found: dict[date, set[int]] = defaultdict(set)
    rows = (
        Entry.select(Entry.day, Entry.mentor)
        .where(Entry.day.between(first, last), Entry.place == Place.PMC)
        .distinct()
        .tuples()
    )
    for day, mentor in rows:
        found[day].add(mentor)
    return found


def breaches(first: date, last: date) -> list[Breach]:
    """Every day from `first` to `last` on which the roster plans more staff than the cap holding
    that day allows (in total and per role), or the timesheets show more mentors at the
    reception centre than it allows; by day, the plan first (3 queries).

    On the timesheets' side the social workers are those on the roster (they file no
    timesheets): the total counts them with the mentors who were there."""
    known = caps()
    if not known:
        return []
    planned = planned_counts(first, last)
    present = mentors_at_centre(first, last)
    found = []
    day = first
    while day <= last:
        cap = cap_on(day, known)
        plan = planned.get(day, DayCount())
        found += _over(day, Source.PLAN, plan, cap)
        if day in present:
            actual = DayCount(workers=set(plan.workers), mentors=present[day])
            over = _over(day, Source.TIMESHEETS, actual, cap)
            found += [breach for breach in over if breach.what != Limit.WORKERS]
        day += timedelta(days=1)
    return found


# --- presence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Presence:
    person: int
    name: str
    role: str
    start_minute: int
    end_minute: int
    duty: bool
    confirmed_at: datetime | None


@dataclass(frozen=True)
class DayPresence:
    day: date
    planned: list[Presence]  #: everyone on the roster that day, by start
    confirmed: list[Presence]  #: those who confirmed they were there


def presence(first: date, last: date) -> list[DayPresence]:
    """Per day with anyone on the roster: who was planned at the reception centre and who
    confirmed being there (1 query) — "who was on site" of the monthly addenda."""
    by_day: dict[date, list[Presence]] = defaultdict(list)
    for row in shifts_between(first, last):
        by_day[row["day"]].append(
            Presence(
                row["person"],
                row["name"],
                row["role"],
                row["start_minute"],
                row["end_minute"],
                row["duty"],
                row["confirmed_at"],
            )
        )
    return [
        DayPresence(day, rows, [row for row in rows if row.confirmed_at is not None])
        for day, rows in sorted(by_day.items())
    ]


def week_breaches(week_start: date) -> list[Breach]:
    return breaches(week_start, week_end(week_start))


def own_shifts(user: User, first: date, last: date) -> list[dict]:
    """The user's own shifts of the days, by day (1 query)."""
    return list(
        RosterShift.select(
            RosterShift.id,
            RosterShift.day,
            RosterShift.person,
            RosterShift.start_minute,
            RosterShift.end_minute,
            RosterShift.confirmed_at,
        )
        .where(RosterShift.person == user.id, RosterShift.day.between(first, last))
        .order_by(RosterShift.day, RosterShift.start_minute)
        .dicts()
    )
