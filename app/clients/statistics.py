"""The clients served in a period, counted for the interim report (sections II and III), the
monthly report and the funder's yearly summary. Pure reading: four queries whatever the volume
(the memberships with their clients and case files, the closings, the legal timelines and the
residences), then everything is counted in Python.

The counting rules:

- a client is *served on a day* when a membership of theirs includes it (joined_on ≤ day ≤
  left_on, or no left_on) and that case file is open on it (opened_on ≤ day, no closed_on or
  closed_on ≥ day, and the day is not in a gap between a closing and its reopening, both ends
  excluded); *served in a period* when served on some day of it. Clients are counted once
  however many case files they moved between;
- a case file is served when one of its members is; its household kind is rules.household over
  the years of birth of its members served in the period, on the case's last served day in it;
- a client's age is rules.age_in on the last day they are served in the period; an unknown year
  of birth is its own group and stays out of the averages;
- decisions, court outcomes and exits: the legal steps dated in the period of the clients served
  in it, each kind counted in clients (a client with two refusals counts once);
- waiting on the last day: of the clients served that day, those whose latest step on or before
  it is the appeal (for the court), or the arrival, a positive court decision or no step (for
  the migration office);
- taken over at the start: the clients served on the first day through a membership that began
  before it, and those memberships' case files; in service at the end: the clients and case
  files served on the last day; where they live is the latest residence since a day on or
  before the first (last) day;
- the monthly average: the mean over the period's calendar months of the clients served in the
  month; per social worker: in each month, the clients served in the case files each social
  worker manages, and the month's clients over its social workers with a client, averaged over
  the months that had one;
- closed case files: the closings dated in the period, by reason (None: not recorded).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from peewee import fn

from app.calendar import month_end, months_between
from app.cases.models import CaseClosure, CaseFile
from app.cases.queries import open_between
from app.clients import rules
from app.clients.models import Client, Membership, Place, Residence, Stage
from app.clients.queries import events_by_client

#: the steps a period's decisions count, in the report's order
DECISIONS = (*Stage.DECISIONS, *Stage.COURT)
#: the latest steps of a client who waits for the migration office's decision
WAITING_OFFICE = (None, Stage.ASYLUM_SEEKER, Stage.COURT_POSITIVE)

Span = tuple[date, date]


@dataclass(frozen=True)
class Person:
    """A client's recorded details (any may be None)."""

    gender: str | None
    birth_year: int | None
    country: str | None
    arrival_route: str | None
    school_grade: int | None


@dataclass(frozen=True)
class Stay:
    """A membership's served days inside the loaded days, as (first, last) spans in order."""

    client_id: int
    case_id: int
    worker_id: int
    joined_on: date
    spans: tuple[Span, ...]

    def touches(self, first: date, last: date) -> bool:
        return any(start <= last and end >= first for start, end in self.spans)

    def last_day(self, first: date, last: date) -> date | None:
        """The last day served from `first` to `last`, or None."""
        days = [min(end, last) for start, end in self.spans if start <= last and end >= first]
        return max(days, default=None)


@dataclass
class Records:
    """What the queries read for a range of days."""

    people: dict[int, Person]
    stays: list[Stay]
    #: (case id, closed_on, reason)
    closures: list[tuple[int, date, str | None]]
    timelines: dict[int, list[tuple[str, date]]]
    #: client id -> [(since, place, municipality)] in order
    residences: dict[int, list[tuple[date, str, str]]]


@dataclass
class MonthClients:
    """A calendar month: the clients served in it, and per social worker (user id) the clients
    served in the case files they manage."""

    month: date
    clients: int = 0
    workers: dict[int, int] = field(default_factory=dict)

    @property
    def per_worker(self) -> float | None:
        """The month's clients over its social workers with a client; None without one."""
        return self.clients / len(self.workers) if self.workers else None


@dataclass
class ClientFigures:
    first: date
    last: date
    clients: int = 0
    cases: int = 0
    #: household kind -> case files
    households: Counter = field(default_factory=Counter)
    #: gender (None: not recorded) -> clients
    genders: Counter = field(default_factory=Counter)
    #: "child" | "adult" | "senior" | "unknown" -> clients
    age_groups: Counter = field(default_factory=Counter)
    average_age: float | None = None
    average_adult_age: float | None = None
    #: gender (None: not recorded) -> the average age of those with a year of birth
    average_age_by_gender: dict = field(default_factory=dict)
    #: gender (None: not recorded) -> clients with a year of birth (the averages' sizes)
    aged_by_gender: Counter = field(default_factory=Counter)
    #: ISO code -> clients; the clients without a country in `unknown_country`
    countries: Counter = field(default_factory=Counter)
    unknown_country: int = 0
    #: arrival route (None: not recorded) -> clients
    routes: Counter = field(default_factory=Counter)
    #: a step of DECISIONS -> clients with it in the period
    decisions: Counter = field(default_factory=Counter)
    #: refugee / alternative status -> {ISO code or None -> clients}
    positive_by_country: dict = field(default_factory=dict)
    #: an exit step (a closing reason) -> clients with it in the period
    exits: Counter = field(default_factory=Counter)
    waiting_court: int = 0
    waiting_office: int = 0
    taken_over_clients: int = 0
    taken_over_cases: int = 0
    taken_over_outside: int = 0
    end_clients: int = 0
    end_cases: int = 0
    end_pmc: int = 0
    end_outside: int = 0
    end_residence_unknown: int = 0
    #: municipality -> clients living there on the last day
    end_municipalities: Counter = field(default_factory=Counter)
    #: closing reason (None: not recorded) -> closings in the period
    closed: Counter = field(default_factory=Counter)
    #: school grade -> pupils
    grades: Counter = field(default_factory=Counter)
    by_month: list[MonthClients] = field(default_factory=list)

    @property
    def monthly_average(self) -> float:
        """The mean over the calendar months of the clients served in the month."""
        return sum(m.clients for m in self.by_month) / len(self.by_month) if self.by_month else 0

    @property
    def per_worker_average(self) -> float:
        """The mean over the months with a social worker of the month's clients per worker."""
        shares = [m.per_worker for m in self.by_month if m.per_worker is not None]
        return sum(shares) / len(shares) if shares else 0.0

    @property
    def children_share(self) -> float:
        """Children as a percentage of the clients served (0 without clients)."""
        return 100 * self.age_groups["child"] / self.clients if self.clients else 0.0

    @property
    def worker_ids(self) -> set[int]:
        return {worker for month in self.by_month for worker in month.workers}


@dataclass
class YearlySummary:
    """The funder's summary: one ClientFigures per calendar year, oldest first (its `last` is
    31 December: the residence figures are on that day)."""

    first_year: int
    last_year: int
    years: list[ClientFigures]


def client_figures(first: date, last: date) -> ClientFigures:
    """Every figure of the clients served from `first` to `last` (both included); four queries
    (two when nobody was a member in the period)."""
    return count(load(first, last), first, last)


def yearly_summary(first_year: int, last_year: int) -> YearlySummary:
    """The yearly figures of the calendar years `first_year` to `last_year`, from one load of
    the whole range (four queries, however many years)."""
    records = load(date(first_year, 1, 1), date(last_year, 12, 31))
    years = [
        count(records, date(year, 1, 1), date(year, 12, 31))
        for year in range(first_year, last_year + 1)
    ]
    return YearlySummary(first_year, last_year, years)


def years_with_data() -> tuple[int, int] | None:
    """The first and the last year in which anybody was a member of a case file (the last
    None-ended membership reaches today: None for the year then); one query."""
    joined, left, members, ended = (
        Membership.select(
            fn.MIN(Membership.joined_on),
            fn.MAX(Membership.left_on),
            fn.COUNT(Membership.id),
            fn.COUNT(Membership.left_on),
        )
        .tuples()
        .get()
    )
    if not members:
        return None
    still = members > ended
    return _year(joined), (None if still or left is None else _year(left))


def _year(value) -> int:
    # SQLite answers an aggregate of dates as text
    return value.year if isinstance(value, date) else int(str(value)[:4])


# --- reading ---------------------------------------------------------------------------------


def load(first: date, last: date) -> Records:
    """The memberships overlapping the days in case files open in them, their clients, the
    closings of those case files (and any closing dated in the days), the clients' legal
    timelines and residences."""
    rows = list(
        Membership.select(
            Membership.client,
            Membership.case,
            Membership.joined_on,
            Membership.left_on,
            Client.gender,
            Client.birth_year,
            Client.country,
            Client.arrival_route,
            Client.school_grade,
            CaseFile.opened_on,
            CaseFile.closed_on,
            CaseFile.social_worker,
        )
        .join(Client, on=(Membership.client == Client.id))
        .switch(Membership)
        .join(CaseFile, on=(Membership.case == CaseFile.id))
        .where(
            open_between(first, last),
            Membership.joined_on <= last,
            Membership.left_on.is_null() | (Membership.left_on >= first),
        )
        .tuples()
    )
    case_ids = sorted({row[1] for row in rows})
    closure_rows = list(
        CaseClosure.select(
            CaseClosure.case, CaseClosure.closed_on, CaseClosure.reason, CaseClosure.reopened_on
        )
        .where(CaseClosure.case.in_(case_ids) | CaseClosure.closed_on.between(first, last))
        .order_by(CaseClosure.case, CaseClosure.closed_on, CaseClosure.id)
        .tuples()
    )
    gaps: dict[int, list[Span]] = defaultdict(list)
    for case_id, closed_on, _reason, reopened_on in closure_rows:
        if reopened_on is not None:
            gaps[case_id].append((closed_on, reopened_on))
    people, stays = {}, []
    for client_id, case_id, joined, left, *details, opened, closed, worker in rows:
        people[client_id] = Person(*details)
        spans = _served_spans(opened, closed, gaps[case_id], joined, left, first, last)
        if spans:
            stays.append(Stay(client_id, case_id, worker, joined, spans))
    client_ids = sorted(people)
    return Records(
        people=people,
        stays=stays,
        closures=[(case, closed_on, reason) for case, closed_on, reason, _ in closure_rows],
        timelines=events_by_client(client_ids),
        residences=_residences(client_ids),
    )


def _served_spans(opened, closed, gaps, joined, left, first, last) -> tuple[Span, ...]:
    """The days a membership serves: the case's open spans (cut by its closing–reopening gaps,
    both ends of a gap still open) inside the membership and inside first..last."""
    spans, start = [], opened
    for closed_on, reopened_on in sorted(gaps):
        spans.append((start, closed_on))
        start = reopened_on
    spans.append((start, closed or date.max))
    low, high = max(joined, first), min(left or date.max, last)
    clipped = ((max(a, low), min(b, high)) for a, b in spans)
    return tuple((a, b) for a, b in clipped if a <= b)


def _residences(client_ids: list[int]) -> dict[int, list[tuple[date, str, str]]]:
    found: dict[int, list] = defaultdict(list)
    if not client_ids:
        return found
    rows = (
        Residence.select(Residence.client, Residence.since, Residence.place, Residence.municipality)
        .where(Residence.client.in_(client_ids))
        .order_by(Residence.client, Residence.since, Residence.id)
        .tuples()
    )
    for client_id, since, place, municipality in rows:
        found[client_id].append((since, place, municipality))
    return found


def residence_on(rows: list[tuple[date, str, str]], day: date) -> tuple[str, str] | None:
    """(place, municipality) of the latest residence since a day on or before `day`."""
    latest = None
    for since, place, municipality in rows:
        if since > day:
            break
        latest = (place, municipality)
    return latest


# --- counting --------------------------------------------------------------------------------


def count(records: Records, first: date, last: date) -> ClientFigures:
    """The figures of `first`..`last` from records loaded for those days or more."""
    stays = [stay for stay in records.stays if stay.touches(first, last)]
    last_day: dict[int, date] = {}
    case_members: dict[int, dict[int, date]] = defaultdict(dict)
    for stay in stays:
        day = stay.last_day(first, last)
        last_day[stay.client_id] = max(day, last_day.get(stay.client_id, day))
        members = case_members[stay.case_id]
        members[stay.client_id] = max(day, members.get(stay.client_id, day))
    people = {client_id: records.people[client_id] for client_id in last_day}
    figures = ClientFigures(first, last, clients=len(people), cases=len(case_members))
    for members in case_members.values():
        years = [people[client_id].birth_year for client_id in members]
        figures.households[rules.household(years, max(members.values()))] += 1
    _portrait(figures, people, last_day)
    _steps(figures, people, records.timelines)
    _start_and_end(figures, stays, records)
    figures.closed = Counter(
        reason for _case, closed_on, reason in records.closures if first <= closed_on <= last
    )
    figures.by_month = _by_month(stays, first, last)
    return figures


def _portrait(figures: ClientFigures, people: dict[int, Person], last_day: dict) -> None:
    ages: dict[int, int | None] = {
        client_id: rules.age_in(person.birth_year, last_day[client_id])
        for client_id, person in people.items()
    }
    by_gender: dict[str | None, list[int]] = defaultdict(list)
    for client_id, person in people.items():
        age = ages[client_id]
        figures.genders[person.gender] += 1
        figures.age_groups[rules.age_group(age)] += 1
        figures.routes[person.arrival_route] += 1
        if person.country:
            figures.countries[person.country] += 1
        else:
            figures.unknown_country += 1
        if person.school_grade is not None:
            figures.grades[person.school_grade] += 1
        if age is not None:
            by_gender[person.gender].append(age)
    known = [age for age in ages.values() if age is not None]
    adults = [age for age in known if rules.age_group(age) == "adult"]
    figures.average_age = _mean(known)
    figures.average_adult_age = _mean(adults)
    figures.average_age_by_gender = {gender: _mean(found) for gender, found in by_gender.items()}
    figures.aged_by_gender = Counter({gender: len(found) for gender, found in by_gender.items()})


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _steps(figures: ClientFigures, people: dict[int, Person], timelines: dict) -> None:
    """Decisions, exits and the waiting on the last day (see the module's rules)."""
    first, last = figures.first, figures.last
    statuses = {stage: Counter() for stage in Stage.STATUSES}
    for client_id, person in people.items():
        events = timelines.get(client_id, [])
        stages = {stage for stage, day in events if first <= day <= last}
        for stage in stages:
            if stage in DECISIONS:
                figures.decisions[stage] += 1
            if stage in Stage.EXITS:
                figures.exits[stage] += 1
            if stage in statuses:
                statuses[stage][person.country] += 1
    figures.positive_by_country = statuses


def _start_and_end(figures: ClientFigures, stays: list[Stay], records: Records) -> None:
    first, last = figures.first, figures.last
    taken = [stay for stay in stays if stay.joined_on < first and stay.touches(first, first)]
    taken_clients = {stay.client_id for stay in taken}
    figures.taken_over_clients = len(taken_clients)
    figures.taken_over_cases = len({stay.case_id for stay in taken})
    figures.taken_over_outside = sum(
        1
        for client_id in taken_clients
        if _place(records, client_id, first)[0] == Place.MUNICIPALITY
    )
    ending = [stay for stay in stays if stay.touches(last, last)]
    end_clients = {stay.client_id for stay in ending}
    figures.end_clients = len(end_clients)
    figures.end_cases = len({stay.case_id for stay in ending})
    for client_id in end_clients:
        place, municipality = _place(records, client_id, last)
        if place == Place.MUNICIPALITY:
            figures.end_outside += 1
            figures.end_municipalities[municipality] += 1
        elif place == Place.PMC:
            figures.end_pmc += 1
        else:
            figures.end_residence_unknown += 1
    timelines = records.timelines
    for client_id in end_clients:
        latest = rules.stage_on(timelines.get(client_id, []), last)
        if latest == Stage.APPEAL:
            figures.waiting_court += 1
        elif latest in WAITING_OFFICE:
            figures.waiting_office += 1


def _place(records: Records, client_id: int, day: date) -> tuple[str | None, str]:
    return residence_on(records.residences.get(client_id, []), day) or (None, "")


def _by_month(stays: list[Stay], first: date, last: date) -> list[MonthClients]:
    months = []
    for month in months_between(first, last):
        start, end = max(month, first), min(month_end(month), last)
        clients: set[int] = set()
        workers: dict[int, set[int]] = defaultdict(set)
        for stay in stays:
            if stay.touches(start, end):
                clients.add(stay.client_id)
                workers[stay.worker_id].add(stay.client_id)
        months.append(
            MonthClients(month, len(clients), {w: len(found) for w, found in workers.items()})
        )
    return months
