"""Supervision compliance and hours, read from the attendance marks.

Every hour in these reports traces to a Participant row:

- a session is *held* when it is not cancelled and at least one participant attended it
  (attended_minutes above 0, partly or fully); a held session counts with its own minutes;
- a person's hours are the sum of their attended_minutes: partial attendance counts as marked,
  absent (0) and unmarked (None) add nothing;
- a held supervision *reaches* a group when a member of that group attended it: the marks decide,
  not the planned audience (a joint session no mentor came to was no mentors' supervision).
  Social workers are the social_worker and lead_social_worker roles, mentors the mentor role;
- the people expected at supervision in a month are the group's active accounts whose
  start_date (when set) is on or before the month's last day. Accounts have no end date, so a
  deactivated person leaves the expected lists; the hours they attended still count.
"""

from dataclasses import dataclass
from datetime import date

from peewee import JOIN, fn

from app.accounts import User
from app.calendar import month_end, month_start, months_between
from app.i18n import reader_language
from app.scope import Scope
from app.training import queries
from app.training.models import Audience, Counts, Participant, TrainingKind, TrainingSession

#: the two groups the contract's monthly supervision is for, in column order, with their roles
GROUPS = {
    group: queries.AUDIENCE_ROLES[group] for group in (Audience.SOCIAL_WORKERS, Audience.MENTORS)
}
GROUP_OF_ROLE = {role: group for group, roles in GROUPS.items() for role in roles}


# --- queries ---------------------------------------------------------------------------------


def marks_between(first: date, last: date) -> list[dict]:
    """The attendance marks above 0 of sessions starting in the range (queries'
    attended_minutes_query, the one source of hours), with the session's own minutes and the
    person's name."""
    return list(
        queries.attended_minutes_query(first, last)
        .select_extend(TrainingSession.minutes.alias("session_minutes"), User.display_name)
        .dicts()
    )


def sessions_between(first: date, last: date, marks: list[dict]) -> list[dict]:
    """Every session starting in the range (cancelled ones too), oldest first, with its kind in
    the reader's language and how many were invited (one query); how many attended, their
    minutes and `held` come from `marks` (rows of marks_between for the same range)."""
    rows = list(
        TrainingSession.select(
            TrainingSession.id,
            TrainingSession.day,
            TrainingSession.end_day,
            TrainingSession.start_minute,
            TrainingSession.end_minute,
            TrainingSession.minutes,
            TrainingSession.topic,
            TrainingSession.facilitator,
            TrainingSession.format,
            TrainingSession.platform,
            TrainingSession.place,
            TrainingSession.audience,
            TrainingSession.cancelled,
            TrainingKind.id.alias("kind_id"),
            TrainingKind.name_column(reader_language()).alias("kind_name"),
            TrainingKind.counts_as,
            TrainingKind.sort_order,
            fn.COUNT(Participant.id).alias("invited"),
        )
        .join(TrainingKind, on=(TrainingSession.kind == TrainingKind.id))
        .switch(TrainingSession)
        .join(Participant, JOIN.LEFT_OUTER, on=(Participant.session == TrainingSession.id))
        .where(TrainingSession.day.between(first, last))
        .group_by(TrainingSession.id, TrainingKind.id)
        .order_by(TrainingSession.day, TrainingSession.start_minute, TrainingSession.id)
        .dicts()
    )
    attended: dict[int, list[int]] = {}
    for mark in marks:
        attended.setdefault(mark["session_id"], []).append(mark["minutes"])
    for row in rows:
        minutes = attended.get(row["id"], [])
        row["attended"] = len(minutes)
        row["attended_minutes"] = sum(minutes)
        row["held"] = bool(minutes)  # the marks query leaves cancelled sessions out
    return rows


def invitations_between(first: date, last: date) -> list[dict]:
    """Every invitation to a session (not cancelled) starting in the range, marked or not, with
    the person: by day, session and name (one query; the attendance sheet)."""
    return list(
        Participant.select(
            Participant.attended_minutes,
            Participant.user.alias("user_id"),
            TrainingSession.day,
            TrainingSession.topic,
            TrainingSession.minutes.alias("session_minutes"),
            TrainingKind.name_column(reader_language()).alias("kind_name"),
            User.display_name,
            User.role,
        )
        .join(TrainingSession, on=(Participant.session == TrainingSession.id))
        .join(TrainingKind, on=(TrainingSession.kind == TrainingKind.id))
        .switch(Participant)
        .join(User, on=(Participant.user == User.id))
        .where(TrainingSession.day.between(first, last), ~TrainingSession.cancelled)
        .order_by(
            TrainingSession.day,
            TrainingSession.start_minute,
            TrainingSession.id,
            User.display_name,
        )
        .dicts()
    )


def expected_staff(last: date) -> list[dict]:
    """The social workers, leads and mentors on staff (active, started) by `last`."""
    roles = [role for group_roles in GROUPS.values() for role in group_roles]
    return list(
        User.select(User.id, User.display_name, User.role, User.start_date)
        .where(User.role.in_(roles), queries.on_staff(last))
        .order_by(User.display_name, User.id)
        .dicts()
    )


# --- the compliance grid ---------------------------------------------------------------------


class CellState:
    HELD = "held"
    MISSING = "missing"  #: a month that ended without the group's supervision
    PENDING = "pending"  #: this month, none yet
    UPCOMING = "upcoming"
    NO_STAFF = "no_staff"  #: nobody of the group worked that month


@dataclass
class Cell:
    state: str
    sessions: int = 0
    minutes: int = 0


@dataclass
class MonthRow:
    month: date
    cells: dict[str, Cell]
    #: group -> the expected people of the group who attended no supervision that month
    without: dict[str, list[str]]

    @property
    def state(self) -> str:
        """Missing when a group's cell is; held when every group's is; else neither."""
        states = {cell.state for cell in self.cells.values()}
        if CellState.MISSING in states:
            return CellState.MISSING
        return CellState.HELD if states == {CellState.HELD} else ""


@dataclass
class PersonHours:
    user_id: int
    name: str
    role: str
    supervision_minutes: int = 0
    training_minutes: int = 0

    @property
    def total_minutes(self) -> int:
        return self.supervision_minutes + self.training_minutes


@dataclass
class Compliance:
    first: date
    last: date
    months: list[MonthRow]
    people: list[PersonHours]

    def missing(self) -> list[tuple[date, str]]:
        """(month, group) of every month that ended without the group's supervision."""
        return [
            (row.month, group)
            for row in self.months
            for group, cell in row.cells.items()
            if cell.state == CellState.MISSING
        ]


def _cell_state(month: date, today: date, sessions: int, staffed: bool) -> str:
    if sessions:
        return CellState.HELD
    if month > today:
        return CellState.UPCOMING
    if not staffed:
        return CellState.NO_STAFF
    if month == month_start(today):
        return CellState.PENDING
    return CellState.MISSING


def compliance(first: date, last: date, today: date, shown: Scope | None = None) -> Compliance:
    """The month x group supervision grid, who had none in a month, and each person's
    supervision and training hours in the range (two queries). The grid is the service's; the
    people named (who had none, hours per person) are those in `shown` (everyone if None)."""
    return compliance_of(first, last, today, marks_between(first, last), shown)


def compliance_of(
    first: date, last: date, today: date, marks: list[dict], shown: Scope | None = None
) -> Compliance:
    """compliance() over marks already read (the page reads them once for grid and summary)."""
    staff = expected_staff(last)
    named = staff if shown is None else shown.filter(staff)
    named_ids = {person["id"] for person in named}

    reached: dict[tuple[date, str], dict[int, int]] = {}  # (month, group) -> session -> minutes
    supervised: dict[date, set[int]] = {}  # month -> people who attended a supervision
    for mark in marks:
        if mark["counts_as"] != Counts.SUPERVISION:
            continue
        month = month_start(mark["day"])
        supervised.setdefault(month, set()).add(mark["user_id"])
        group = GROUP_OF_ROLE.get(mark["role"])
        if group:
            reached.setdefault((month, group), {})[mark["session_id"]] = mark["session_minutes"]

    rows = []
    for month in months_between(first, last):
        last_day = month_end(month)
        cells, without = {}, {}
        for group, roles in GROUPS.items():
            members = [
                person
                for person in staff
                if person["role"] in roles
                and (person["start_date"] is None or person["start_date"] <= last_day)
            ]
            sessions = reached.get((month, group), {})
            cells[group] = Cell(
                _cell_state(month, today, len(sessions), bool(members)),
                len(sessions),
                sum(sessions.values()),
            )
            seen = supervised.get(month, set())
            without[group] = (
                []
                if month > today
                else [
                    p["display_name"]
                    for p in members
                    if p["id"] not in seen and p["id"] in named_ids
                ]
            )
        rows.append(MonthRow(month, cells, without))
    return Compliance(first, last, rows, person_hours(named, marks, shown))


def person_hours(
    staff: list[dict], marks: list[dict], shown: Scope | None = None
) -> list[PersonHours]:
    """Supervision and training hours of every expected person (0 when none) and of anyone
    else who attended: social workers, then mentors, then others, each by name; only the
    people in `shown` (everyone if None)."""
    people = {
        person["id"]: PersonHours(person["id"], person["display_name"], person["role"])
        for person in staff
    }
    if shown is not None:
        marks = shown.filter(marks, "user_id")
    for mark in marks:
        person = people.setdefault(
            mark["user_id"], PersonHours(mark["user_id"], mark["display_name"], mark["role"])
        )
        if mark["counts_as"] == Counts.SUPERVISION:
            person.supervision_minutes += mark["minutes"]
        else:
            person.training_minutes += mark["minutes"]
    order = list(GROUPS)
    return sorted(
        people.values(),
        key=lambda p: (
            order.index(GROUP_OF_ROLE[p.role]) if p.role in GROUP_OF_ROLE else len(order),
            p.name.casefold(),
            p.user_id,
        ),
    )
