"""The contract's rules (DOMAIN.md) and the month's submission checklist, checked live.

One function per rule, each returning a RuleResult: ok or not (or not due yet), the figures in
words, the page of the records behind it, and the findings (each record that breaks the rule,
with its own link). Every figure is read through the owning feature's queries, so the panel
agrees with the pages it links to. The texts are translated when a rule runs: call the rules
while handling a request.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from flask_babel import gettext as _
from flask_babel import ngettext

from app import scope
from app.accounts import User
from app.addenda import queries as addendum_queries
from app.calendar import (
    add_months,
    mondays_between,
    month_end,
    month_start,
    months_between,
    week_args,
    week_end,
    week_number,
    week_param,
    week_start_of,
)
from app.cases import queries as case_queries
from app.complexity import queries as complexity_queries
from app.evaluations import queries as evaluation_queries
from app.i18n import format_day, format_month, format_month_in
from app.meetings import queries as meeting_queries
from app.meetings.models import MeetingStatus
from app.mentor_meetings import queries as mentor_meeting_queries
from app.mentor_meetings.models import meetings_per_week
from app.periods import queries as period_queries
from app.periods.models import Period
from app.permissions import Role
from app.reports.queries import weekly_coverage
from app.risks import queries as risk_queries
from app.roster import queries as roster_queries
from app.roster.labels import LIMIT_LABELS, SOURCE_LABELS
from app.timesheets import queries as timesheet_queries
from app.timesheets.labels import status_label
from app.timesheets.models import WeekStatus
from app.training import reports as training_reports
from app.training.labels import AUDIENCE_LABELS
from app.training.summary import missing_text


@dataclass(frozen=True)
class Link:
    """A page of records; `fallback` serves readers whose role may not open the first."""

    endpoint: str
    args: dict = field(default_factory=dict)
    fallback: "Link | None" = None


@dataclass(frozen=True)
class Finding:
    """One record that breaks the rule (or will, unless someone acts before it is due)."""

    text: str
    link: Link | None = None


@dataclass(frozen=True)
class RuleResult:
    key: str
    title: str
    ok: bool
    figures: str
    link: Link
    findings: list[Finding] = field(default_factory=list)
    #: nothing could be checked yet, or what is missing is not due yet
    pending: bool = False


@dataclass
class Window:
    """The days a check covers (`first` to `last`, both included) as seen on `today`; the reads
    that several rules share are made once."""

    first: date
    last: date
    today: date
    viewer: User
    period: Period | None = None

    @property
    def checked_until(self) -> date:
        """The last day that can be checked yet."""
        return min(self.last, self.today)

    @property
    def started(self) -> bool:
        return self.first <= self.today

    @property
    def caseload_day(self) -> date:
        """Caseloads are counted on the last day checked (today, or the end of a past window)."""
        return self.checked_until if self.started else self.today

    @cached_property
    def caseload(self) -> case_queries.Caseload:
        """The caseloads of the people the viewer may see by name (app/scope.py)."""
        return case_queries.caseload(self.caseload_day, self.viewer)

    @cached_property
    def mentors(self) -> list[dict]:
        """Every mentor account the viewer may see by name (a social worker's own team; all for
        the lead, the coordinator and the administrator), former ones too (their weeks and
        conflicts still count)."""
        return list(
            User.select(User.id, User.display_name, User.active, User.start_date)
            .where(User.role == Role.MENTOR, scope.people_condition(self.viewer))
            .order_by(User.display_name, User.id)
            .dicts()
        )

    @cached_property
    def weeks(self) -> dict[tuple, dict]:
        """Every mentor's week rows in the window, keyed by (mentor id, Monday)."""
        ids = [mentor["id"] for mentor in self.mentors]
        return timesheet_queries.weeks_of(ids, week_start_of(self.first), week_start_of(self.last))

    def ended_mondays(self) -> list[date]:
        """Mondays of the ISO weeks touching the window that are over by today."""
        mondays = mondays_between(self.first, self.last)
        return [monday for monday in mondays if week_end(monday) < self.today]

    def months(self) -> list[date]:
        """First days of the calendar months the window touches."""
        return months_between(self.first, self.last)


def week_link(mentor_id: int, monday: date) -> Link:
    return Link("timesheets.week", {"mentor_id": mentor_id, **week_args(monday)})


def range_args(first: date, last: date) -> dict:
    return {"from": first.isoformat(), "to": last.isoformat()}


# --- the contract's rules -------------------------------------------------------------------


def weekly_meeting(window: Window) -> RuleResult:
    """An all-staff meeting every week that has a working day in the window, or a recorded
    reason (the weeks and their coverage as the reports count them: weekly_coverage)."""
    weeks = weekly_coverage(window.first, window.last, window.today)
    states: dict[str, int] = defaultdict(int)
    for week in weeks:
        states[week["state"]] += 1
    page_args = {"contract": window.period.contract_id} if window.period else {}
    findings = [
        Finding(
            _(
                "Week %(number)d (from %(day)s): no meeting and no reason",
                number=week["number"],
                day=format_day(week["monday"]),
            ),
            Link(
                "meetings_coverage.index",
                {**page_args, "_anchor": f"week-{week['year']}-{week['number']}"},
                fallback=Link("meetings.index"),
            ),
        )
        for week in weeks
        if week["state"] == "missing"
    ]
    return RuleResult(
        "weekly_meeting",
        _("An all-staff meeting every week, or a recorded reason"),
        not findings,
        _(
            "%(held)d of %(weeks)d weeks held, %(excused)d with a reason, %(missing)d missing.",
            held=states["held"],
            weeks=len(weeks),
            excused=states["excused"],
            missing=states["missing"],
        ),
        Link("meetings_coverage.index", page_args, fallback=Link("meetings.index")),
        findings,
        pending=len(weeks) == states["pending"],
    )


def supervision(window: Window) -> RuleResult:
    """Supervision every month for social workers and for mentors (the training records)."""
    report = training_reports.compliance(window.first, window.last, window.today)
    held: dict[str, int] = defaultdict(int)
    due: dict[str, int] = defaultdict(int)
    for row in report.months:
        for group, cell in row.cells.items():
            if cell.state in (training_reports.CellState.HELD, training_reports.CellState.MISSING):
                due[group] += 1
            if cell.state == training_reports.CellState.HELD:
                held[group] += 1
    findings = [
        Finding(
            _(
                "%(group)s: no supervision in %(month)s",
                group=AUDIENCE_LABELS[group],
                month=format_month_in(month),
            ),
            Link("training_report.compliance", range_args(month, month_end(month))),
        )
        for month, group in report.missing()
    ]
    figures = "; ".join(
        ngettext(
            "%(group)s: %(held)d of %(num)d month",
            "%(group)s: %(held)d of %(num)d months",
            due[group],
            group=AUDIENCE_LABELS[group],
            held=held[group],
        )
        for group in training_reports.GROUPS
    )
    gaps = missing_text(report.missing())
    return RuleResult(
        "supervision",
        _("Supervision every month for social workers and for mentors"),
        not findings,
        f"{figures}. {gaps}" if gaps else f"{figures}.",
        Link("training_report.compliance", range_args(window.first, window.last)),
        findings,
        pending=not any(due.values()),
    )


def mentor_meetings(window: Window) -> RuleResult:
    """Each mentor meets a social worker individually at least the set number of times every
    ISO week (DOMAIN.md: twice; the contract's measure: once)."""
    needed = meetings_per_week()
    pairs = mentor_meeting_queries.mentor_weeks(window.mentors, window.ended_mondays())
    short = mentor_meeting_queries.shortfalls(pairs, needed)
    findings = [
        Finding(
            _(
                "Week %(number)d (from %(day)s): %(mentor)s had %(held)d of %(needed)d meetings",
                number=week_number(item.monday),
                day=format_day(item.monday),
                mentor=item.mentor,
                held=item.held,
                needed=item.needed,
            ),
            Link("mentor_meetings.index"),
        )
        for item in short
    ]
    return RuleResult(
        "mentor_meetings",
        ngettext(
            "A social worker meets each mentor at least %(num)d time a week",
            "A social worker meets each mentor at least %(num)d times a week",
            needed,
        ),
        not findings,
        _(
            "%(met)d of %(weeks)d mentor-weeks had enough meetings.",
            met=len(pairs) - len(short),
            weeks=len(pairs),
        ),
        Link("mentor_meetings.index"),
        findings,
        pending=not pairs,
    )


def caseload_rule(
    window: Window, key: str, title: str, figures, measures: list, finding
) -> RuleResult:
    """A caseload rule over each person's (name, Measure, case files or None): met when every
    count is within its contract range; `figures` words the counts and the day, `finding` a
    breach (from the name, the count and the case files)."""
    link = Link("cases.caseload", {"day": window.caseload_day.isoformat()})
    return RuleResult(
        key,
        title,
        not any(measure.breach for _name, measure, _cases in measures),
        figures(
            within=sum(1 for _name, measure, _cases in measures if not measure.breach),
            total=len(measures),
            day=format_day(window.caseload_day),
        ),
        link,
        [
            Finding(finding(name, measure.value, cases), link)
            for name, measure, cases in measures
            if measure.breach
        ],
    )


def client_finding(name: str, people: int, cases: int) -> str:
    """A caseload counted in people, with the case files they are in."""
    return ngettext(
        "%(name)s: %(num)d client (case files: %(cases)d)",
        "%(name)s: %(num)d clients (case files: %(cases)d)",
        people,
        name=name,
        cases=cases,
    )


def mentor_caseloads(window: Window) -> RuleResult:
    """Each mentor has 5–20 clients (people: current members of their open case files)."""
    low, high = case_queries.MENTOR_CLIENTS
    return caseload_rule(
        window,
        "mentor_caseloads",
        _("Each mentor has %(low)d–%(high)d clients", low=low, high=high),
        lambda **counts: _(
            "%(within)d of %(total)d mentors within the range on %(day)s.", **counts
        ),
        [(load.name, load.people, load.cases) for load in window.caseload.mentors],
        client_finding,
    )


def worker_mentors(window: Window) -> RuleResult:
    """Each social worker supervises at most 6 mentors."""
    return caseload_rule(
        window,
        "worker_mentors",
        _(
            "Each social worker supervises at most %(max)d mentors",
            max=case_queries.WORKER_MENTORS[1],
        ),
        lambda **counts: _(
            "%(within)d of %(total)d social workers within the limit on %(day)s.", **counts
        ),
        [(load.name, load.mentors, None) for load in window.caseload.workers],
        lambda name, count, _cases: ngettext(
            "%(name)s: %(num)d mentor", "%(name)s: %(num)d mentors", count, name=name
        ),
    )


def worker_clients(window: Window) -> RuleResult:
    """Each social worker serves 30–120 clients (people: current members of open case files)."""
    low, high = case_queries.WORKER_CLIENTS
    return caseload_rule(
        window,
        "worker_clients",
        _("Each social worker serves %(low)d–%(high)d clients", low=low, high=high),
        lambda **counts: _(
            "%(within)d of %(total)d social workers within the range on %(day)s.", **counts
        ),
        [(load.name, load.clients, load.cases) for load in window.caseload.workers],
        client_finding,
    )


def weeks_approved(window: Window) -> RuleResult:
    """Every active mentor's every ISO week that is over filed and approved (from the start
    date in the service on)."""
    due = approved = waiting = 0
    findings = []
    for monday in window.ended_mondays():
        behind: dict[str | None, list[str]] = {}  # the week's status -> the mentors in it
        for mentor in window.mentors:
            if not mentor["active"] or (
                mentor["start_date"] and mentor["start_date"] > monday + timedelta(days=6)
            ):
                continue
            due += 1
            status = (window.weeks.get((mentor["id"], monday)) or {}).get("status")
            if status == WeekStatus.APPROVED:
                approved += 1
                continue
            waiting += status == WeekStatus.SUBMITTED
            behind.setdefault(status, []).append(mentor["display_name"])
        if behind:
            findings.append(
                Finding(
                    _(
                        "Week %(number)d (from %(day)s): %(mentors)s",
                        number=week_number(monday),
                        day=format_day(monday),
                        mentors="; ".join(
                            f"{status_label(status)}: {', '.join(names)}"
                            for status, names in behind.items()
                        ),
                    ),
                    Link("timesheets_team.index", {"week": week_param(monday)}),
                )
            )
    return RuleResult(
        "weeks_approved",
        _("Every week filed and approved"),
        not findings,
        _(
            "%(approved)d of %(due)d mentor-weeks approved; %(waiting)d waiting for approval, "
            "%(unfiled)d not submitted.",
            approved=approved,
            due=due,
            waiting=waiting,
            unfiled=due - approved - waiting,
        ),
        Link("timesheets_team.index", {"week": week_param(week_start_of(window.checked_until))}),
        findings,
        pending=due == 0,
    )


def no_double_funding(window: Window) -> RuleResult:
    """No paid interpreting that overlaps other work or serves the mentor's own client, unless
    the lead has justified the week."""
    entries = []
    if window.started:
        # a conflict always involves paid interpreting on the mentor's day: only those days
        entries = timesheet_queries.interpreting_days(
            window.first, window.checked_until, window.viewer
        )
    conflicting = timesheet_queries.conflicts(entries)
    open_weeks: dict[tuple[int, date], int] = defaultdict(int)
    for entry in entries:
        key = (entry["mentor"], week_start_of(entry["day"]))
        justified = (window.weeks.get(key) or {}).get("conflict_justification")
        if entry["id"] in conflicting and not justified:
            open_weeks[key] += 1
    names = {mentor["id"]: mentor["display_name"] for mentor in window.mentors}
    findings = [
        Finding(
            ngettext(
                "%(name)s, week %(number)d: %(num)d entry in conflict",
                "%(name)s, week %(number)d: %(num)d entries in conflict",
                count,
                name=names.get(mentor_id) or scope.anonymous(Role.MENTOR),
                number=week_number(monday),
            ),
            week_link(mentor_id, monday),
        )
        for (mentor_id, monday), count in sorted(open_weeks.items(), key=lambda kv: kv[0][1])
    ]
    return RuleResult(
        "no_double_funding",
        _("No open double-funding conflict"),
        not findings,
        ngettext(
            "%(num)d week with an open conflict.",
            "%(num)d weeks with an open conflict.",
            len(findings),
        ),
        Link("timesheets_team.index", {"week": week_param(week_start_of(window.checked_until))}),
        findings,
    )


def risks_assessed(window: Window) -> RuleResult:
    """Every risk of the register assessed for each six-month period the window touches; a
    period still running is not due yet."""
    periods = [
        period
        for period in risk_queries.interim_periods(begun_by=window.today)
        if period.starts_on <= window.last and period.ends_on >= window.first
    ]
    total = assessed = 0
    overdue, upcoming = [], []
    for period in periods:
        written = risk_queries.assessments_for(period.id)
        for risk in risk_queries.risks_in_period(period):
            total += 1
            if risk["id"] in written:
                assessed += 1
                continue
            finding = Finding(
                _(
                    "%(title)s: no assessment for %(first)s – %(last)s",
                    title=risk["title"],
                    first=format_day(period.starts_on),
                    last=format_day(period.ends_on),
                ),
                Link(
                    "risks_assessments.edit",
                    {"risk_id": risk["id"], "period_id": period.id},
                    fallback=Link("risks.detail", {"risk_id": risk["id"]}),
                ),
            )
            (upcoming if period.ends_on >= window.today else overdue).append(finding)
    return RuleResult(
        "risks_assessed",
        _("Every active risk assessed for the period"),
        not overdue,
        _("%(assessed)d of %(total)d risk assessments written.", assessed=assessed, total=total),
        Link("risks.index"),
        overdue + upcoming,
        pending=not overdue and bool(upcoming or not periods),
    )


# --- the month's submission checklist --------------------------------------------------------


def month_locked(window: Window) -> RuleResult:
    """Each month that is over locked in the timesheets (reported to the funder)."""
    locked = timesheet_queries.locked_months(window.first, window.last)
    ended = [month for month in window.months() if month_end(month) < window.today]
    findings = [
        Finding(
            _("%(month)s is not locked", month=format_month(month)),
            Link("timesheets_settings.months"),
        )
        for month in ended
        if month not in locked
    ]
    return RuleResult(
        "month_locked",
        _("Month locked"),
        not findings,
        _(
            "%(locked)d of %(months)d months locked.",
            locked=len(ended) - len(findings),
            months=len(ended),
        ),
        Link("timesheets_settings.months"),
        findings,
        pending=not ended,
    )


def minutes_complete(window: Window) -> RuleResult:
    """The minutes of every meeting held before today final."""
    meetings = [
        row
        for month in window.months()
        for row in meeting_queries.meeting_list(window.viewer, month=month)
    ]
    held = [
        row
        for row in meetings
        if window.first <= row["day"] < window.today and row["day"] <= window.last
    ]
    findings = [
        Finding(
            _("Meeting of %(day)s: the minutes are not final", day=format_day(row["day"])),
            Link("meetings.detail", {"meeting_id": row["id"]}),
        )
        for row in reversed(held)
        if row["status"] != MeetingStatus.FINAL
    ]
    return RuleResult(
        "minutes_complete",
        _("Minutes complete"),
        not findings,
        _(
            "%(final)d of %(held)d meetings have final minutes.",
            final=len(held) - len(findings),
            held=len(held),
        ),
        Link("meetings.index", {"month": f"{window.first:%Y-%m}"}),
        findings,
        pending=not held and window.last >= window.today,
    )


def bundle_submitted(window: Window) -> RuleResult:
    """The meetings bundle of each month that is over submitted to the funder."""
    submitted = set(meeting_queries.submitted_months())
    months = window.months()
    ended = [month for month in months if month_end(month) < window.today]
    findings = [
        Finding(
            _("%(month)s: the bundle is not submitted", month=format_month(month)),
            Link("meetings_archive.months", {"_anchor": f"month-{month:%Y-%m}"}),
        )
        for month in ended
        if month not in submitted
    ]
    return RuleResult(
        "bundle_submitted",
        _("Meetings bundle submitted"),
        not findings,
        _(
            "%(submitted)d of %(months)d months submitted.",
            submitted=sum(1 for month in months if month in submitted),
            months=len(months),
        ),
        Link("meetings_archive.months"),
        findings,
        pending=not ended and not submitted.issuperset(months),
    )


def complexity_rated(window: Window) -> RuleResult:
    """Every case file open in each month that has begun rated, and the month agreed with the
    funder; the month still running is not due yet."""
    counts = complexity_queries.level_counts(window.first, window.last)
    agreed = complexity_queries.agreed_months(window.first, window.last)
    begun = [month for month in window.months() if month <= window.today]
    overdue, upcoming = [], []
    for month in begun:
        link = Link("complexity.detail", {"month": f"{month:%Y-%m}"})
        unrated = counts[month][complexity_queries.UNRATED]
        findings = []
        if unrated:
            text = ngettext(
                "%(month)s: %(num)d open case file is not rated",
                "%(month)s: %(num)d open case files are not rated",
                unrated,
                month=format_month(month),
            )
            findings.append(Finding(text, link))
        if month not in agreed:
            text = _("%(month)s: not agreed with the funder", month=format_month(month))
            findings.append(Finding(text, link))
        (upcoming if month_end(month) >= window.today else overdue).extend(findings)
    return RuleResult(
        "complexity_rated",
        _("Every open case file rated and the month agreed with the funder"),
        not overdue,
        _(
            "%(agreed)d of %(months)d months agreed.",
            agreed=len(agreed.intersection(begun)),
            months=len(begun),
        ),
        Link("complexity.detail", {"month": f"{window.first:%Y-%m}"}),
        overdue + upcoming,
        pending=not overdue and bool(upcoming or not begun),
    )


def closings_evaluated(window: Window) -> RuleResult:
    """Every case file closed in the window evaluated within DUE_WITHIN_DAYS days of its closing
    (the closing evaluation, DOMAIN.md); one closed more recently is not due yet."""
    days = evaluation_queries.DUE_WITHIN_DAYS
    due = window.today - timedelta(days=days)
    closings = evaluation_queries.unevaluated_closings(window.first, window.checked_until)
    overdue, upcoming = [], []
    for row in closings:
        text = _("%(code)s: closed %(day)s", code=row["code"], day=format_day(row["closed_on"]))
        finding = Finding(text, Link("evaluations.detail", {"case_id": row["id"]}))
        (overdue if row["closed_on"] < due else upcoming).append(finding)
    return RuleResult(
        "closings_evaluated",
        ngettext(
            "No case file closed more than %(num)d day ago without a closing evaluation",
            "No case file closed more than %(num)d days ago without a closing evaluation",
            days,
        ),
        not overdue,
        ngettext(
            "%(num)d closed case file without a closing evaluation.",
            "%(num)d closed case files without a closing evaluation.",
            len(closings),
        ),
        Link("evaluations.index"),
        overdue + upcoming,
        pending=not overdue and bool(upcoming),
    )


def roster_cap(window: Window) -> RuleResult:
    """No more staff at the reception centre a day than the cap holding that day, on the roster
    and by the mentors' timesheets (the roster's own check)."""
    last = window.checked_until
    found = roster_queries.breaches(window.first, last) if window.started else []
    findings = [
        Finding(
            _(
                "%(day)s: %(count)d %(what)s %(source)s, the cap allows %(limit)d.",
                day=format_day(breach.day),
                count=breach.count,
                what=LIMIT_LABELS[breach.what],
                source=SOURCE_LABELS[breach.source],
                limit=breach.limit,
            ),
            Link("roster.week", {"week": week_param(week_start_of(breach.day))}),
        )
        for breach in found
    ]
    days = {breach.day for breach in found}
    return RuleResult(
        "roster_cap",
        _("No more staff at the reception centre than the cap allows"),
        not findings,
        ngettext("%(num)d day over the cap.", "%(num)d days over the cap.", len(days)),
        Link("roster.breaches", range_args(window.first, last) if window.started else {}),
        findings,
        pending=not window.started,
    )


def addendum_written(window: Window) -> RuleResult:
    """Each month an extraordinary-situation addendum covers has its measures written (the
    figures beside them come from the records)."""
    covered = [
        (month, addendum)
        for month in window.months()
        if month <= window.today
        and (addendum := addendum_queries.addendum_covering(month)) is not None
    ]
    missing = [
        (month, addendum)
        for month, addendum in covered
        if not addendum_queries.measures_of(addendum.id, month)
    ]
    findings = [
        Finding(
            _(
                "%(title)s, %(month)s: the measures are not written",
                title=addendum.title,
                month=format_month(month),
            ),
            Link("addenda.month", {"addendum_id": addendum.id, "month": f"{month:%Y-%m}"}),
        )
        for month, addendum in missing
    ]
    figures = (
        _(
            "%(written)d of %(months)d months of the addendum written.",
            written=len(covered) - len(missing),
            months=len(covered),
        )
        if covered
        else _("No addendum is switched on for these months.")
    )
    return RuleResult(
        "addendum_written",
        _("The extraordinary-situation addendum is written"),
        not findings,
        figures,
        Link("addenda.index"),
        findings,
    )


def contract_rules(window: Window) -> list[RuleResult]:
    """The contract-compliance panel: every rule of DOMAIN.md."""
    return [
        weekly_meeting(window),
        supervision(window),
        mentor_meetings(window),
        mentor_caseloads(window),
        worker_mentors(window),
        worker_clients(window),
        weeks_approved(window),
        no_double_funding(window),
        risks_assessed(window),
        closings_evaluated(window),
        roster_cap(window),
    ]


def month_checklist(window: Window) -> list[RuleResult]:
    """What the coordinator has to finish before a month goes to the funder."""
    return [
        weeks_approved(window),
        month_locked(window),
        minutes_complete(window),
        bundle_submitted(window),
        supervision(window),
        risks_assessed(window),
        complexity_rated(window),
        addendum_written(window),
    ]


# --- windows ----------------------------------------------------------------------------------


def default_window(today: date, viewer: User) -> Window:
    """The current (or latest) six-month reporting period; without any, the last six months."""
    first, last, period = period_queries.current_window(today)
    return Window(first, last, today, viewer, period)


@dataclass(frozen=True)
class Checklist:
    month: date
    today: date
    results: list[RuleResult]

    @property
    def previous(self) -> date:
        return add_months(self.month, -1)

    @property
    def following(self) -> date | None:
        """The next month, unless it has not begun."""
        following = add_months(self.month, 1)
        return following if following <= self.today else None

    @property
    def done(self) -> bool:
        return all(result.ok and not result.pending for result in self.results)


def checklist(month: date, today: date, viewer: User) -> Checklist:
    """The month's submission checklist (month_checklist over the calendar month)."""
    first = month_start(month)
    window = Window(first, month_end(first), today, viewer)
    return Checklist(first, today, month_checklist(window))
