"""Demo case files and their clients: invented households, no names (the model has none), tuned
so that December 2019 – May 2020 reads like the interim report of that period: 131 people in
81 case files (18 families with children, 63 individuals), 80 people in 44 case files taken
over on 1 December, 90 in 46 at the end of May, 35 case files closed, the decisions, courts,
countries, ages and pupils of its sections II and III.

The plan is pure and deterministic (random.Random(SEED)): `case_plan()` gives the 90 case files
with their mentors, which the timesheet demo writes (its entries name case files open on the
day); `load_client_demo()` then writes each case's members, legal timelines, residences and
closings. Nine case files closed before December 2019, so they are not served in the period.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from peewee import chunked, fn

from app.calendar import shift_months
from app.cases.models import CaseClosure, CaseFile, CaseKind, ClosingReason
from app.clients.models import (
    ArrivalRoute,
    Client,
    Gender,
    LegalEvent,
    Membership,
    Place,
    Residence,
    Stage,
)
from app.db import write_tx

SEED = 2019
FIRST_DAY = date(2019, 12, 1)  #: the period's first day: case files open on it are taken over
LAST_DAY = date(2020, 5, 31)
YEAR = 2020  #: ages below are reached in this year (only years of birth are kept)
RIGA, JURMALA = "Rīga", "Jūrmala"
MENTORS = [f"mentor{number}" for number in range(1, 12)]
BATCH = 200

W, M = Gender.FEMALE, Gender.MALE
LEFT, RETURNED, DEPORTED = ClosingReason.LEFT, ClosingReason.RETURNED, ClosingReason.DEPORTED
ENDED, REFUSED = ClosingReason.ENDED, ClosingReason.REFUSED

#: the 61 individuals aged 18–60 (ages reached in 2020; 1989 years in all, so that with the
#: families' members the adults' average is 33 and everyone's 26), then the two over 60
INDIVIDUAL_AGES = [
    *(19, 20, 20, 21, 21, 21, 21, 22, 22, 22, 23, 23, 23, 24, 24, 25, 25, 25, 25, 25, 26),
    *(26, 26, 27, 27, 27, 27, 28, 30, 30, 30, 31, 31, 32, 33, 36, 36, 37, 37, 37, 38, 39),
    *(39, 39, 40, 41, 41, 42, 43, 44, 44, 44, 45, 45, 46, 47, 47, 49, 49, 51, 51),
    *(63, 67),
]
INDIVIDUAL_GENDERS = [W] * 10 + [M] * 53
#: the individuals' countries (ISO alpha-2) besides the two granted status (Iraq, Russia)
INDIVIDUAL_COUNTRIES = [
    *["AZ"] * 5,
    *["RU"] * 7,
    *["NG"] * 10,
    *["TR"] * 4,
    *["IR"] * 3,
    "AF",
    *["CO"] * 2,
    *["LK", "YE", "CM"] * 3,
    *["UA", "TJ", "UZ", "PK", "IN", "BD", "EG"] * 2,
    *["VN", "ER", "SO", "CN", "BY", "KZ"],
]


@dataclass
class Person:
    gender: str
    age: int  #: reached in YEAR
    grade: int | None = None
    born_on: date | None = None  #: a baby born in the period joins the case that day
    left_on: date | None = None  #: leaves the case file before it closes
    exit: str | None = None  #: the step recorded on leaving (e.g. left the country)


@dataclass
class Household:
    """One case file: its members, their shared timeline and homes, and its closing."""

    country: str
    people: list[Person]
    arrived_on: date
    opened_on: date
    events: list[tuple[str, date]]
    homes: list[tuple[str, str, date]] = field(default_factory=list)  #: (place, town, since)
    closed_on: date | None = None
    reason: str | None = None
    route: str = ArrivalRoute.OWN
    code: str = ""
    mentor: str = ""

    @property
    def family(self) -> bool:
        return len(self.people) > 1

    def size_on(self, day: date) -> int:
        return sum(1 for person in self.people if _member_on(person, self.opened_on, day))

    def open_on(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)


def _member_on(person: Person, opened_on: date, day: date) -> bool:
    joined = person.born_on or opened_on
    return joined <= day and (person.left_on is None or day <= person.left_on)


def child(gender: str, age: int, grade: int | None = None, **fields) -> Person:
    return Person(gender, age, grade, **fields)


class _Days:
    """Seeded days inside windows."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def after(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))


def _household(days: _Days, country, people, arrived_on, events, **fields) -> Household:
    """A household opened a few days after arriving (and asking for asylum)."""
    opened_on = fields.pop("opened_on", None) or days.after(arrived_on, 2, 12)
    return Household(
        country,
        people,
        arrived_on,
        opened_on,
        [(Stage.ASYLUM_SEEKER, arrived_on), *events],
        **fields,
    )


def _families(days: _Days) -> list[Household]:
    """The 18 families with children: 12 taken over on 1 December, 6 new."""
    d = date

    def riga(since):
        return (Place.MUNICIPALITY, RIGA, since)

    F = _household
    # fmt: off
    return [
        # taken over: refugees since July 2019, in Rīga
        F(days, "AZ", [Person(M, 40), Person(W, 36), child(M, 14, 8), child(W, 11, 5)],
          d(2019, 1, 14), [(Stage.REFUGEE, d(2019, 7, 15))], homes=[riga(d(2019, 9, 2))]),
        F(days, "AZ", [Person(W, 33), child(W, 12, 6), child(W, 9, 3), child(M, 4)],
          d(2019, 6, 10), [(Stage.NEGATIVE, d(2019, 12, 10)), (Stage.APPEAL, d(2019, 12, 27))]),
        F(days, "AZ", [Person(M, 35), Person(W, 31), child(M, 7, 1)],
          d(2019, 8, 5), [(Stage.REFUGEE, d(2020, 2, 12))], homes=[riga(d(2020, 4, 6))]),
        F(days, "RU", [Person(W, 42), child(W, 16, 10), child(M, 13, 7), child(M, 8, 2)],
          d(2019, 5, 6), [(Stage.NEGATIVE, d(2019, 11, 5)), (Stage.APPEAL, d(2019, 11, 25))]),
        F(days, "RU", [Person(W, 34), child(M, 10, 4), child(W, 5)],
          d(2018, 12, 3), [(Stage.ALTERNATIVE, d(2019, 6, 20))], homes=[riga(d(2019, 8, 12))]),
        F(days, "TR", [Person(M, 41), Person(W, 39), child(W, 15, 9), child(M, 12, 6),
                       child(M, 3)],
          d(2019, 7, 8), [(Stage.NEGATIVE, d(2020, 1, 20)), (Stage.APPEAL, d(2020, 2, 10))]),
        F(days, "IR", [Person(M, 37), Person(W, 35), child(M, 8, 2), child(W, 2),
                       child(W, 0, born_on=d(2020, 3, 14))],
          d(2019, 9, 20), []),
        F(days, "AZ", [Person(M, 36), Person(W, 30), child(M, 11, 5), child(W, 9, 3),
                       child(M, 7, 1), child(W, 1)],
          d(2019, 2, 18), [(Stage.NEGATIVE, d(2019, 8, 20)), (Stage.APPEAL, d(2019, 9, 10)),
                           (Stage.COURT_NEGATIVE, d(2020, 2, 18))]),
        F(days, "AF", [Person(M, 44), Person(M, 19, left_on=d(2020, 3, 20), exit=LEFT),
                       child(M, 17, 11), child(M, 14, 8)],
          d(2019, 6, 17), [(Stage.NEGATIVE, d(2019, 12, 16)), (Stage.APPEAL, d(2020, 1, 8))]),
        F(days, "IQ", [Person(M, 39), Person(W, 37), Person(M, 20, left_on=d(2020, 4, 15)),
                       child(W, 12, 6), child(M, 10, 4)],
          d(2019, 2, 11), [(Stage.REFUGEE, d(2019, 8, 28))], homes=[riga(d(2020, 1, 20))]),
        F(days, "SY", [Person(W, 29), child(W, 6), child(M, 4)],
          d(2018, 9, 3), [(Stage.ALTERNATIVE, d(2019, 2, 14))], homes=[riga(d(2019, 4, 1))],
          closed_on=d(2020, 2, 14), reason=ENDED),
        F(days, "GE", [Person(M, 33), Person(W, 28), child(M, 1),
                       child(M, 0, born_on=d(2020, 2, 8))],
          d(2019, 11, 4), []),
        # new in the period
        F(days, "NG", [Person(M, 32), Person(W, 27), child(M, 3), child(W, 1)],
          d(2020, 1, 13), []),
        F(days, "IR", [Person(W, 36), child(W, 13, 7)],
          d(2019, 12, 3), [(Stage.NEGATIVE, d(2020, 4, 2))], closed_on=d(2020, 5, 6),
          reason=LEFT),
        F(days, "TR", [Person(M, 29), Person(W, 26), child(M, 2)], d(2020, 2, 17), []),
        F(days, "AF", [Person(M, 34), Person(W, 31), child(W, 8, 2), child(M, 7, 1)],
          d(2019, 12, 9), [(Stage.NEGATIVE, d(2020, 5, 20))]),
        F(days, "CO", [Person(W, 31), child(M, 9, 3)],
          d(2019, 12, 16), [], closed_on=d(2020, 4, 22), reason=RETURNED),
        F(days, "RU", [Person(M, 30), child(W, 5), child(M, 3)], d(2020, 3, 2), []),
    ]
    # fmt: on


def _individuals(days: _Days, rng: random.Random) -> list[Household]:
    """The 63 individuals: 32 taken over, 31 new; who they are is shuffled over their stories."""
    ages, genders = list(INDIVIDUAL_AGES), list(INDIVIDUAL_GENDERS)
    countries = list(INDIVIDUAL_COUNTRIES)
    for pool in (ages, genders, countries):
        rng.shuffle(pool)
    # fmt: off
    stories = (
        [_granted("IQ", Stage.REFUGEE, days), _granted("RU", Stage.ALTERNATIVE, days)]
        + [_court_refused(days, reason, index < 4) for index, reason in enumerate(COURT_EXITS)]
        + [_waiting(days) for _ in range(7)]
        + [_service_ended(days, town) for town in (RIGA, RIGA, RIGA, JURMALA)]
        + [_status_before(days, since) for since in STATUS_HOMES]
        + [_refused_then_closed(days, reason, new=index >= 7)
           for index, reason in enumerate(NEGATIVE_EXITS)]
        + [_examined(days) for _ in range(10)]
        + [_refused_in_may(days) for _ in range(9)]
    )
    # fmt: on
    households = []
    for country, arrived_on, events, fields in stories:
        person = Person(genders.pop(), ages.pop())
        households.append(
            _household(days, country or countries.pop(), [person], arrived_on, events, **fields)
        )
    return households


#: the closings after a final court refusal (the first four refused in December on a decision
#: of the period, the others on one of the summer before)
COURT_EXITS = [DEPORTED, DEPORTED, RETURNED, LEFT, DEPORTED, DEPORTED, RETURNED, RETURNED, LEFT]
#: the closings after a refusal of the period (the first seven taken over, the rest new)
NEGATIVE_EXITS = [LEFT, RETURNED, LEFT, REFUSED, LEFT, RETURNED, LEFT]
NEGATIVE_EXITS += [LEFT] * 9 + [RETURNED, RETURNED, REFUSED]
#: when the individuals with a status from before the period moved out of the PMC to Rīga
STATUS_HOMES = [date(2019, 10, 14), date(2020, 1, 13), date(2020, 2, 17)]


def _granted(country: str, status: str, days: _Days):
    """Status granted in the period; moved to Rīga some weeks later."""
    decided = days.between(date(2020, 1, 8), date(2020, 3, 20))
    arrived = days.after(decided, -220, -170)
    home = (Place.MUNICIPALITY, RIGA, days.after(decided, 30, 60))
    return country, arrived, [(status, decided)], {"homes": [home]}


def _court_refused(days: _Days, reason: str, refused_in_period: bool):
    if refused_in_period:
        refused = days.between(date(2019, 12, 2), date(2019, 12, 20))
    else:
        refused = days.between(date(2019, 7, 1), date(2019, 10, 15))
    appeal = days.after(refused, 7, 25)
    court = max(days.after(appeal, 70, 95), date(2019, 12, 5))
    closed = min(days.after(court, 15, 45), LAST_DAY - timedelta(days=2))
    events = [(Stage.NEGATIVE, refused), (Stage.APPEAL, appeal), (Stage.COURT_NEGATIVE, court)]
    arrived = days.after(refused, -190, -150)
    return None, arrived, events, {"closed_on": closed, "reason": reason}


def _waiting(days: _Days):
    """Refused in the period, appealed: waiting for the court at the end of May."""
    refused = days.between(date(2019, 12, 2), date(2020, 2, 28))
    events = [(Stage.NEGATIVE, refused), (Stage.APPEAL, days.after(refused, 7, 25))]
    return None, days.after(refused, -190, -150), events, {}


def _service_ended(days: _Days, town: str):
    """Status in the first months of 2019: the twelve months after it end in the period."""
    granted = days.between(date(2019, 1, 10), date(2019, 5, 15))
    home = (Place.MUNICIPALITY, town, days.after(granted, 30, 60))
    return (
        None,
        days.after(granted, -200, -160),
        [(Stage.REFUGEE, granted)],
        {"homes": [home], "closed_on": shift_months(granted, 12), "reason": ENDED},
    )


def _status_before(days: _Days, moved_on: date):
    granted = days.between(date(2019, 6, 10), min(date(2019, 11, 20), moved_on))
    status = Stage.REFUGEE if days.rng.random() < 0.5 else Stage.ALTERNATIVE
    home = (Place.MUNICIPALITY, RIGA, moved_on)
    return None, days.after(granted, -200, -160), [(status, granted)], {"homes": [home]}


def _refused_then_closed(days: _Days, reason: str, new: bool):
    """Refused in the period, then left, returned or refused the service (half of them after
    appealing)."""
    if new:
        arrived = days.between(date(2019, 12, 3), date(2020, 1, 15))
        refused = days.after(arrived, 85, 110)
        opened = days.after(arrived, 1, 7)
    else:
        refused = days.between(date(2019, 12, 2), date(2020, 3, 10))
        arrived = days.after(refused, -190, -150)
        opened = None
    events = [(Stage.NEGATIVE, refused)]
    if days.rng.random() < 0.5:
        events.append((Stage.APPEAL, days.after(refused, 5, 12)))
    closed = days.after(events[-1][1], 3, 15)
    return None, arrived, events, {"opened_on": opened, "closed_on": closed, "reason": reason}


def _examined(days: _Days):
    """Arrived in the period; no decision yet."""
    arrived = days.between(date(2019, 12, 5), date(2020, 5, 10))
    return None, arrived, [], {"opened_on": days.after(arrived, 1, 10)}


def _refused_in_may(days: _Days):
    """Arrived in December, refused in May: the month for an appeal is still running."""
    arrived = days.between(date(2019, 12, 2), date(2019, 12, 20))
    refused = days.between(date(2020, 5, 4), date(2020, 5, 28))
    return None, arrived, [(Stage.NEGATIVE, refused)], {"opened_on": days.after(arrived, 1, 7)}


def _closed_before(days: _Days) -> list[Household]:
    """Nine case files closed before December 2019 (not served in the period): relocated
    refugees whose service ended, refusals that ended in a return, two small families."""
    households = []
    for country in ("SY", "ER", "SY"):
        granted = days.between(date(2018, 6, 1), date(2018, 10, 31))
        arrived = days.after(granted, -150, -100)
        households.append(
            _household(
                days,
                country,
                [Person(M if country == "ER" else W, days.rng.randint(24, 45))],
                arrived,
                [(Stage.REFUGEE, granted)],
                homes=[(Place.MUNICIPALITY, RIGA, days.after(granted, 20, 50))],
                closed_on=shift_months(granted, 12),
                reason=ENDED,
                route=ArrivalRoute.RELOCATION,
            )
        )
    exits = [DEPORTED, RETURNED, RETURNED, LEFT, LEFT, RETURNED]
    for index, reason in enumerate(exits):
        arrived = days.between(date(2018, 6, 1), date(2018, 10, 15))
        refused = days.after(arrived, 150, 190)
        appeal = days.after(refused, 7, 25)
        court = days.after(appeal, 80, 110)
        people = [Person(M, days.rng.randint(22, 48))]
        if index >= 4:
            people = [Person(W, days.rng.randint(25, 40)), child(M, days.rng.randint(2, 9))]
        households.append(
            _household(
                days,
                ("GE", "UA", "IN", "PK", "TJ", "VN")[index],
                people,
                arrived,
                [(Stage.NEGATIVE, refused), (Stage.APPEAL, appeal), (Stage.COURT_NEGATIVE, court)],
                closed_on=days.after(court, 20, 60),
                reason=reason,
            )
        )
    return households


def _assign_mentors(households: list[Household]) -> None:
    """Each case file, in the order they opened, to the mentor with the fewest people on its
    opening day (so every mentor's caseload stays inside the contract's range)."""
    by_mentor: dict[str, list[Household]] = {username: [] for username in MENTORS}
    for household in households:
        day = household.opened_on

        def load(username, day=day):
            return sum(h.size_on(day) for h in by_mentor[username] if h.open_on(day))

        chosen = min(MENTORS, key=lambda username: (load(username), MENTORS.index(username)))
        by_mentor[chosen].append(household)
        household.mentor = chosen


@cache
def case_plan() -> tuple[Household, ...]:
    """The demo's 90 case files with their members, coded L-0001… in the order they opened."""
    rng = random.Random(SEED)
    days = _Days(rng)
    households = _closed_before(days) + _families(days) + _individuals(days, rng)
    households.sort(key=lambda h: (h.opened_on, h.country, len(h.people)))
    for number, household in enumerate(households, start=1):
        household.code = f"L-{number:04d}"
    _assign_mentors(households)
    return tuple(households)


def people_on_last_day(household: Household) -> int:
    """CaseFile.people: the members on the case's last open day (the period's end if open)."""
    return household.size_on(household.closed_on or LAST_DAY)


def write_case_files(staff: dict, first_id: int) -> dict[str, int]:
    """The plan's case files (each mentor's social worker is their supervisor); code -> id."""
    rows = []
    for offset, household in enumerate(case_plan()):
        mentor = staff[household.mentor]
        rows.append(
            (
                first_id + offset,
                household.code,
                CaseKind.FAMILY if household.family else CaseKind.INDIVIDUAL,
                people_on_last_day(household),
                mentor.supervisor_id,
                mentor.id,
                household.opened_on,
                household.closed_on,
            )
        )
    fields = [
        CaseFile.id,
        CaseFile.code,
        CaseFile.kind,
        CaseFile.people,
        CaseFile.social_worker,
        CaseFile.mentor,
        CaseFile.opened_on,
        CaseFile.closed_on,
    ]
    _insert(CaseFile, fields, rows)
    return {row[1]: row[0] for row in rows}


def next_id(model) -> int:
    """The id after the largest (the demo writes rows with explicit ids, in bulk)."""
    return (model.select(fn.MAX(model.id)).scalar() or 0) + 1


def load_client_demo() -> dict[str, int]:
    """Members, timelines, residences and closings for the plan's case files (which the
    timesheet demo wrote); returns counts."""
    with write_tx():
        case_ids = dict(
            CaseFile.select(CaseFile.code, CaseFile.id)
            .where(CaseFile.code.in_([h.code for h in case_plan()]))
            .tuples()
        )
        client_id = next_id(Client)
        clients, members, events, homes, closures = [], [], [], [], []
        for household in case_plan():
            case_id = case_ids[household.code]
            for number, person in enumerate(household.people, start=1):
                joined = person.born_on or household.opened_on
                arrived = person.born_on or household.arrived_on
                clients.append(
                    (
                        client_id,
                        person.gender,
                        YEAR - person.age,
                        household.country,
                        household.route,
                        arrived,
                        person.grade,
                    )
                )
                left = person.left_on or household.closed_on
                members.append((client_id, case_id, number, joined, left))
                timeline = [(stage, day) for stage, day in household.events if day > arrived]
                if person.born_on:
                    timeline.insert(0, (Stage.ASYLUM_SEEKER, person.born_on))
                else:
                    timeline.insert(0, household.events[0])
                timeline = [(stage, day) for stage, day in timeline if left is None or day <= left]
                exit = person.exit if person.left_on else household.reason
                if exit and left:
                    timeline.append((exit, left))
                events.extend((client_id, stage, day) for stage, day in timeline)
                homes.append((client_id, Place.PMC, "", arrived))
                homes.extend(
                    (client_id, place, town, since)
                    for place, town, since in household.homes
                    if since > arrived and (left is None or since <= left)
                )
                client_id += 1
            if household.closed_on:
                told = None
                if household.family:
                    told = household.closed_on + timedelta(days=2)
                closures.append((case_id, household.closed_on, household.reason, told))
        _insert(
            Client,
            [
                Client.id,
                Client.gender,
                Client.birth_year,
                Client.country,
                Client.arrival_route,
                Client.arrived_on,
                Client.school_grade,
            ],
            clients,
        )
        _insert(
            Membership,
            [
                Membership.client,
                Membership.case,
                Membership.number,
                Membership.joined_on,
                Membership.left_on,
            ],
            members,
        )
        _insert(LegalEvent, [LegalEvent.client, LegalEvent.stage, LegalEvent.day], events)
        _insert(
            Residence,
            [Residence.client, Residence.place, Residence.municipality, Residence.since],
            homes,
        )
        _insert(
            CaseClosure,
            [
                CaseClosure.case,
                CaseClosure.closed_on,
                CaseClosure.reason,
                CaseClosure.municipality_told_on,
            ],
            closures,
        )
    return {
        "clients": len(clients),
        "memberships": len(members),
        "legal_events": len(events),
        "residences": len(homes),
        "closures": len(closures),
    }


def _insert(model, fields, rows) -> None:
    for batch in chunked(rows, BATCH):
        model.insert_many(batch, fields=fields).execute()
