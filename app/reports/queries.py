"""The figures of the monthly report and of the interim-report pack, for any range of days.

Read through the features' own queries (timesheets, training, meetings, risks), so a page, a
document and a workbook for the same range always hold the same numbers. What counts:

- mentors: the people with at least one timesheet entry dated in the range, whatever the week's
  status; their hours are the entries' minutes (hours in weeks not yet approved are told apart);
- social workers (and the lead social worker): the case managers of at least one case file open
  during the month; their hours are not kept in timesheets;
- case files and people served (the staff tables): the case files named on the entries (a
  family counts each of its members as a person), each once however many entries name it; the
  clients served (sections II and III, the monthly "Clients") are app/clients/statistics.py's;
- meetings held: meetings dated in the range up to today, by kind; the weekly meeting's
  coverage of the weeks it is due in (calendar.working_weeks: the ISO weeks with a working
  day, Monday to Friday, in the range), up to today: the compliance panel counts the same weeks;
- supervision and training: held sessions (app/training/reports.py and summary.py); the months
  a group had no supervision as the supervision page counts them (Compliance.missing());
- risk changes: risks added and closed, assessments written, and risks whose likelihood or
  impact was changed (from the audit log) in the range.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from peewee import fn

from app.accounts import User
from app.admin import queries as admin_queries
from app.calendar import (
    month_end,
    month_start,
    months_between,
    open_on,
    working_weeks,
)
from app.cases import queries as case_queries
from app.cases.models import CaseFile
from app.clients.statistics import years_with_data
from app.i18n import reader_language
from app.meetings.models import Meeting
from app.meetings.queries import coverage
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from app.risks import queries as risk_queries
from app.risks.models import Assessment, Risk
from app.timesheets import queries as timesheet_queries
from app.timesheets.models import ActivityType, Place, WeekStatus
from app.training import reports as training_reports
from app.training.summary import PeriodSummary, period_summary

#: the audit changes that re-score a risk
SCORE_FIELDS = ("likelihood", "impact")


@dataclass
class MonthFigures:
    month: date
    social_workers: int = 0
    mentors: int = 0
    mentor_minutes: int = 0
    cases: int = 0
    people: int = 0
    training: PeriodSummary | None = None
    #: activity id -> minutes
    activity_minutes: Counter = field(default_factory=Counter)


@dataclass
class Line:
    """A row of a breakdown: an activity, a place, a kind of meeting or of session."""

    key: object
    name: str
    minutes: int = 0
    count: int = 0


@dataclass
class Person:
    user_id: int
    name: str
    minutes: int = 0
    cases: int = 0
    people: int = 0


@dataclass
class RiskChanges:
    added: list[dict]
    closed: list[dict]
    assessed: list[dict]
    rescored: list[dict]

    def __bool__(self) -> bool:
        return bool(self.added or self.closed or self.assessed or self.rescored)


@dataclass
class Figures:
    first: date
    last: date
    months: list[MonthFigures]
    activities: list[Line]
    places: list[Line]
    mentor_minutes: int
    unapproved_minutes: int
    cases: int
    people: int
    mentors: list[Person]
    workers: list[Person]
    meetings: list[Line]
    #: the range's ISO weeks: how many had the weekly meeting, a reason, or neither
    weekly: Counter
    training: PeriodSummary
    risks: RiskChanges

    @property
    def has_data(self) -> bool:
        return bool(
            self.mentor_minutes
            or self.cases
            or any(month.social_workers for month in self.months)
            or any(line.count for line in self.meetings)
            or self.training.trainings
            or self.training.supervisions
            or self.risks
        )

    @property
    def average_mentors(self) -> float:
        return sum(m.mentors for m in self.months) / len(self.months)

    @property
    def average_workers(self) -> float:
        return sum(m.social_workers for m in self.months) / len(self.months)

    @property
    def people_per_worker(self) -> float:
        """People served a month per social worker of that month, averaged over the months
        that had social workers."""
        shares = [m.people / m.social_workers for m in self.months if m.social_workers]
        return sum(shares) / len(shares) if shares else 0.0


def figures(first: date, last: date, today: date) -> Figures:
    """Everything the reports say about the days `first` to `last` (both included), in the
    current locale's names."""
    lang = reader_language()
    months = [MonthFigures(m) for m in months_between(first, last)]
    by_month = {m.month: m for m in months}

    mentor_ids = User.select(User.id).where(User.role == Role.MENTOR)
    # the entries summed and their case files listed in SQL, per month: a six-month report reads
    # a few thousand small rows, not every entry with its links
    ranges = [(max(m.month, first), min(month_end(m.month), last)) for m in months]
    minutes = timesheet_queries.minutes_grouped(mentor_ids, ranges)
    named = timesheet_queries.cases_named(mentor_ids, ranges)
    served = _served_cases({case_id for _month, _mentor, case_id in named})

    activities: dict[int, Line] = {}
    places: Counter = Counter()
    mentors: dict[int, Person] = {}
    mentor_cases: dict[int, set] = defaultdict(set)
    month_mentors: dict[date, set] = defaultdict(set)
    month_cases: dict[date, set] = defaultdict(set)
    unapproved = 0
    for index, mentor, activity, place, status, total in minutes:
        total = int(total)  # PostgreSQL sums integers as a decimal
        month = months[index]
        month.mentor_minutes += total
        month.activity_minutes[activity] += total
        month_mentors[month.month].add(mentor)
        line = activities.setdefault(activity, Line(activity, ""))
        line.minutes += total
        places[place] += total
        person = mentors.setdefault(mentor, Person(mentor, ""))
        person.minutes += total
        if status != WeekStatus.APPROVED:
            unapproved += total
    for index, mentor, case_id in named:
        mentor_cases[mentor].add(case_id)
        month_cases[months[index].month].add(case_id)

    for month in months:
        month.mentors = len(month_mentors[month.month])
        month.cases = len(month_cases[month.month])
        month.people = sum(served[case]["people"] for case in month_cases[month.month])
    for month, workers in _case_managers_by_month(first, last).items():
        by_month[month].social_workers = len(workers)

    names = staff_names(set(mentors) | {case["social_worker"] for case in served.values()})
    for person in mentors.values():
        person.name = names.get(person.user_id, "")
        person.cases = len(mentor_cases[person.user_id])
    workers: dict[int, Person] = {}
    for case in served.values():
        worker_id = case["social_worker"]
        person = workers.setdefault(worker_id, Person(worker_id, names.get(worker_id, "")))
        person.cases += 1
        person.people += case["people"]

    marks = training_reports.marks_between(first, last)
    sessions = training_reports.sessions_between(first, last, marks)
    for month in months:
        month.training = period_summary(
            row for row in sessions if month_start(row["day"]) == month.month
        )

    return Figures(
        first=first,
        last=last,
        months=months,
        activities=_ordered_activities(activities, lang),
        places=[Line(place, place, places[place]) for place in Place.ALL if places[place]],
        mentor_minutes=sum(month.mentor_minutes for month in months),
        unapproved_minutes=unapproved,
        cases=len(served),
        people=sum(case["people"] for case in served.values()),
        mentors=_by_name(mentors.values()),
        workers=_by_name(workers.values()),
        meetings=meetings_held(first, last, today),
        weekly=Counter(week["state"] for week in weekly_coverage(first, last, today)),
        training=period_summary(
            sessions, training_reports.compliance_of(first, last, today, marks).missing()
        ),
        risks=risk_changes(first, last, lang),
    )


def _by_name(people) -> list[Person]:
    return sorted(people, key=lambda p: (p.name.casefold(), p.user_id))


def _served_cases(case_ids: set[int]) -> dict[int, dict]:
    """The case files named on entries, with their people and case manager (one query)."""
    if not case_ids:
        return {}
    rows = CaseFile.select(CaseFile.id, CaseFile.people, CaseFile.social_worker).where(
        CaseFile.id.in_(list(case_ids))
    )
    return {row["id"]: row for row in rows.dicts()}


def _case_managers_by_month(first: date, last: date) -> dict[date, set[int]]:
    """Each month's case managers: of the case files open at some time in it (one query)."""
    rows = (
        CaseFile.select(CaseFile.social_worker, CaseFile.opened_on, CaseFile.closed_on)
        .where(case_queries.open_between(first, last))
        .tuples()
    )
    months = [(month, month_end(month)) for month in months_between(first, last)]
    found: dict[date, set[int]] = defaultdict(set)
    for worker, opened_on, closed_on in rows:
        for month, last_day in months:
            if open_on(opened_on, closed_on, month, last_day):
                found[month].add(worker)
    return found


def staff_names(user_ids: set[int]) -> dict[int, str]:
    """Display names by user id (one query; none without ids)."""
    if not user_ids:
        return {}
    rows = User.select(User.id, User.display_name).where(User.id.in_(list(user_ids)))
    return dict(rows.tuples())


def _ordered_activities(lines: dict[int, Line], lang: str) -> list[Line]:
    """The activities worked on, named in `lang`, in the lead's list order."""
    if not lines:
        return []
    order = ActivityType.select(ActivityType.id, ActivityType.name_column(lang)).order_by(
        ActivityType.sort_order, ActivityType.id
    )
    found = []
    for activity_id, name in order.tuples():
        if activity_id in lines:
            lines[activity_id].name = name
            found.append(lines[activity_id])
    return found


def weekly_coverage(first: date, last: date, today: date) -> list[dict]:
    """The weekly meeting's coverage (meetings.queries.coverage: held, excused, missing or
    pending) of each week it is due in from `first` to `last`, up to the week of today: the
    weeks still to come are not counted. The compliance panel and the reports both count
    these."""
    mondays = working_weeks(first, min(last, today))
    if not mondays:
        return []
    return coverage(mondays[0], mondays[-1], today)


def meetings_held(first: date, last: date, today: date) -> list[Line]:
    """How many meetings of each kind were held from `first` to `last`, up to today."""
    rows = (
        Meeting.select(Meeting.kind, fn.COUNT(Meeting.id))
        .where(Meeting.day.between(first, min(last, today)))
        .group_by(Meeting.kind)
        .tuples()
    )
    return [Line(kind, kind, count=count) for kind, count in rows]


def risk_changes(first: date, last: date, lang: str) -> RiskChanges:
    """Risks added, closed, assessed and re-scored in the range (three queries)."""
    rows = risk_queries.register_rows(lang)
    assessed = list(
        Assessment.select(Risk.id, Risk.title, Assessment.written_on)
        .join(Risk)
        .where(Assessment.written_on.between(first, last))
        .order_by(Assessment.written_on, Risk.id)
        .dicts()
    )
    updated = admin_queries.audit_events("risk.update", date_from=first, date_to=last)
    rescored = {
        event["object_id"]
        for event in updated
        if set(event["changes"].split(",")) & set(SCORE_FIELDS)
    }
    return RiskChanges(
        added=[row for row in rows if first <= row["added_on"] <= last],
        closed=[row for row in rows if row["closed_on"] and first <= row["closed_on"] <= last],
        assessed=assessed,
        rescored=[row for row in rows if row["id"] in rescored],
    )


#: how many years the yearly summary shows by default
DEFAULT_YEARS = 3


def default_years(today: date) -> tuple[int, int]:
    """The yearly summary's default: the last DEFAULT_YEARS full years with data (up to last
    year; the last three full years when there is none)."""
    last_full = today.year - 1
    found = years_with_data()
    if found is None:
        return last_full - DEFAULT_YEARS + 1, last_full
    first, last = found
    last = last_full if last is None else min(last, last_full)
    if last < first:
        return last_full - DEFAULT_YEARS + 1, last_full
    return max(first, last - DEFAULT_YEARS + 1), last


def interim_periods_within(first: date, last: date) -> list[Period]:
    """The six-month reporting periods that overlap the range, oldest first."""
    periods = risk_queries.interim_periods()
    return sorted(
        (p for p in periods if p.starts_on <= last and p.ends_on >= first),
        key=lambda p: p.starts_on,
    )


# --- what the funder may read ----------------------------------------------------------------


def unreported_month(
    first: date, last: date, kinds: tuple[str, ...] = PeriodKind.ALL
) -> date | None:
    """The first month the range touches that a contract's period of `kinds` covers but no
    reported one does (None when there is none): the funder reads the aggregates of reported
    months only. The monthly report asks for its month's own period; the interim pack takes a
    month as reported when its month or its six-month period is. Days no period covers (before
    or after every contract) owe the funder no report and are not refused (one query)."""
    periods = list(
        Period.select(Period.starts_on, Period.ends_on, Period.reported_on)
        .where(Period.kind.in_(list(kinds)), Period.starts_on <= last, Period.ends_on >= first)
        .tuples()
    )
    reported = [(starts, ends) for starts, ends, on in periods if on is not None]
    for month in months_between(first, last):
        days = max(month, first), min(month_end(month), last)
        for starts, ends, on in periods:
            # the month's days in the range that this period covers
            part = max(starts, days[0]), min(ends, days[1])
            unreported = on is None and part[0] <= part[1]
            if unreported and not any(s <= part[0] and part[1] <= e for s, e in reported):
                return month
    return None
