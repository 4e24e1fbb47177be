"""The demo's reception-centre roster from 16 March 2020, when the centre closed to visitors:
on each working day one social worker (the lead and the social worker by turns) and the duty
mentor (the mentors by turns) 09:00–17:30, under the cap of 2 staff a day; from 18 May, when the
cap became 2 social workers and 2 mentors, both social workers and two mentors. The timesheets'
demo puts mentors at the centre only on their roster days (`mentors_on_site`), except one
unplanned visit on 3 April that the cap check shows. The weeks to 24 May are sent to the funder
on the Friday before; the last week is a draft; the social workers confirmed their days, but a
few."""

from datetime import date, datetime, time, timedelta

from app.accounts import User
from app.calendar import week_start_of
from app.roster.models import RosterCap, RosterShift, RosterStatus, RosterWeek
from app.timesheets.models import Entry

ROSTER_FROM = date(2020, 3, 16)
ROSTER_UNTIL = date(2020, 5, 31)
#: from this day the cap counts social workers and mentors apart, two of each
PER_ROLE_FROM = date(2020, 5, 18)
#: the last week still a draft (the coordinator sends it in the demo's own time)
DRAFT_FROM = date(2020, 5, 25)
MENTORS = [f"mentor{number}" for number in range(1, 12)]
WORKERS = ["lead", "worker"]
#: a mentor at the centre on a day they were not planned: the cap check's example
UNPLANNED_VISIT = ("mentor3", date(2020, 4, 3))
#: social workers' days left unconfirmed
UNCONFIRMED = {date(2020, 4, 21), date(2020, 5, 12)}
START, END = 9 * 60, 17 * 60 + 30


def _turn(day: date) -> int:
    """The weekday's number from ROSTER_FROM: the turns rotate over it."""
    weeks, weekday = divmod((day - ROSTER_FROM).days, 7)
    return weeks * 5 + weekday


def mentors_on_site(day: date) -> list[str]:
    """The mentors the roster plans at the centre on the day, the duty mentor first (none
    before the roster began or at weekends)."""
    if not ROSTER_FROM <= day <= ROSTER_UNTIL or day.weekday() > 4:
        return []
    turn = _turn(day)
    planned = [MENTORS[turn % len(MENTORS)]]
    if day >= PER_ROLE_FROM:
        planned.append(MENTORS[(turn + 5) % len(MENTORS)])
    return planned


def at_centre(username: str, day: date) -> bool:
    """May the mentor have timesheet entries at the centre that day? Before the roster began,
    always; then only on their roster days (and the one unplanned visit)."""
    if day < ROSTER_FROM:
        return True
    return username in mentors_on_site(day) or (username, day) == UNPLANNED_VISIT


def workers_on_site(day: date) -> list[str]:
    if day >= PER_ROLE_FROM:
        return list(WORKERS)
    return [WORKERS[_turn(day) % len(WORKERS)]]


def load_roster_demo() -> None:
    users = {user.username: user for user in User.select()}
    coordinator = users["coordinator"]
    for valid_from, staff, workers, mentors in (
        (ROSTER_FROM, 2, None, None),
        (PER_ROLE_FROM, None, 2, 2),
    ):
        RosterCap.create(
            valid_from=valid_from,
            max_staff=staff,
            max_workers=workers,
            max_mentors=mentors,
            created_by=coordinator.id,
        )
    # the working days are the days the timesheets have entries on (holidays have none)
    days = [
        row[0]
        for row in Entry.select(Entry.day)
        .where(Entry.day.between(ROSTER_FROM, ROSTER_UNTIL))
        .distinct()
        .order_by(Entry.day)
        .tuples()
    ]
    weeks = {}
    for monday in sorted({week_start_of(day) for day in days}):
        sent = monday < DRAFT_FROM
        weeks[monday] = RosterWeek.create(
            week_start=monday,
            status=RosterStatus.SENT if sent else RosterStatus.DRAFT,
            sent_on=monday - timedelta(days=3) if sent else None,
            sent_by=coordinator.id if sent else None,
            created_at=datetime.combine(monday - timedelta(days=4), time(10, 0)),
        )
    shifts = []
    for day in days:
        week = weeks[week_start_of(day)]
        for username in workers_on_site(day):
            confirmed = day not in UNCONFIRMED and week.status == RosterStatus.SENT
            shifts.append(_shift(week, day, users[username], False, confirmed))
        for number, username in enumerate(mentors_on_site(day)):
            shifts.append(_shift(week, day, users[username], number == 0, False))
    RosterShift.insert_many(shifts).execute()


def _shift(week: RosterWeek, day: date, person: User, duty: bool, confirmed: bool) -> dict:
    return {
        "week": week.id,
        "day": day,
        "person": person.id,
        "start_minute": START,
        "end_minute": END,
        "duty": duty,
        "confirmed_at": datetime.combine(day, time(17, 40)) if confirmed else None,
        "created_at": week.created_at,
        "updated_at": week.created_at,
    }
