"""What each role's home page shows: one function per role, each reading a fixed number of
queries through the features' own queries, so its figures equal the pages it links to."""

from datetime import date, timedelta

from peewee import fn

from app.accounts import User
from app.admin import queries as admin_queries
from app.calendar import (
    add_months,
    format_clock,
    month_start,
    week_end,
    week_number,
    week_start_of,
)
from app.cases import queries as case_queries
from app.clients import queries as client_queries
from app.clients.labels import ENTITLEMENT_LABELS
from app.complexity import queries as complexity_queries
from app.compliance import rules
from app.dashboards import queries
from app.evaluations import queries as evaluation_queries
from app.i18n import reader_language
from app.meetings import queries as meeting_queries
from app.mentor_meetings import queries as mentor_meeting_queries
from app.mentor_meetings.models import meetings_per_week
from app.notices import queries as notice_queries
from app.notices.labels import KIND_LABELS as NOTICE_KINDS
from app.periods import queries as period_queries
from app.periods.models import PeriodKind
from app.permissions import Role
from app.plans import queries as plan_queries
from app.risks import queries as risk_queries
from app.roster import queries as roster_queries
from app.roster import services as roster_services
from app.timesheets import queries as timesheet_queries
from app.timesheets.labels import status_label
from app.training import queries as training_queries
from app.training.models import Counts

RECENT_EVENTS = 8
QUEUE_SHOWN = 5
#: members whose service entitlement is due, shown on the home page (the rest are counted)
ENTITLEMENTS_SHOWN = 10
#: the rows of each plan reminder a home page shows
REMINDERS_SHOWN = 5


def week_summary(mentor_id: int, monday: date, weeks: dict, minutes: dict) -> dict:
    """One mentor's week as the dashboards show it: status, hours and the week's page."""
    status = (weeks.get((mentor_id, monday)) or {}).get("status")
    return {
        "monday": monday,
        "number": week_number(monday),
        "status": status,
        "status_label": status_label(status),
        "minutes": minutes.get((mentor_id, monday), 0),
        "link": rules.week_link(mentor_id, monday),
    }


def next_supervision(user_id: int, today: date) -> dict | None:
    """The soonest supervision from today on that the person is invited to (not cancelled),
    with its start as a clock time."""
    upcoming = [
        session
        for session in training_queries.sessions_of_person(user_id, reader_language(), today)
        if session["counts_as"] == Counts.SUPERVISION and not session["cancelled"]
    ]
    soonest = min(upcoming, key=lambda s: (s["day"], s["start_minute"]), default=None)
    return soonest and {**soonest, "starts_at": format_clock(soonest["start_minute"])}


def entitlements_due(user: User, today: date) -> dict:
    """The current members of the user's open case files whose service entitlement has ended
    or ends within the warning days, soonest first: the first ENTITLEMENTS_SHOWN and how many
    in all, each with its end day, whether it has passed, and the basis in words (two
    queries)."""
    due = client_queries.due_entitlements(user, today)
    rows = [
        {
            "case_id": item.case_id,
            "code": item.code,
            "number": item.number,
            "ends_on": item.entitlement.ends_on,
            "ended": item.entitlement.ends_on < today,
            "basis": ENTITLEMENT_LABELS[item.entitlement.basis],
        }
        for item in due[:ENTITLEMENTS_SHOWN]
    ]
    return {"rows": rows, "count": len(due)}


def shown(rows: list) -> dict:
    """The first REMINDERS_SHOWN rows of a reminder list and how many in all."""
    return {"rows": rows[:REMINDERS_SHOWN], "count": len(rows)}


def plan_reminders(user: User, today: date) -> dict:
    """The user's plans due for review, overdue plan tasks and open case files still without a
    plan after 30 days (three queries)."""
    return {
        "due_review": shown(plan_queries.plans_due_for_review(user, today)),
        "overdue": shown(plan_queries.overdue_tasks(user, today)),
        "without_plan": shown(plan_queries.cases_without_plan(user, today)),
    }


def evaluation_reminders(user: User, today: date) -> dict:
    """The user's closed case files whose closing is still not evaluated more than
    DUE_WITHIN_DAYS days after it (one query)."""
    return {
        "overdue": shown(evaluation_queries.awaiting(user, today, overdue_only=True)),
        "days": evaluation_queries.DUE_WITHIN_DAYS,
    }


def rating_progress(today: date) -> dict:
    """This month's complexity ratings: open case files rated and not, and whether the month
    is agreed with the funder (two queries)."""
    month = month_start(today)
    counts = complexity_queries.level_counts(month, month)[month]
    unrated = counts.pop(complexity_queries.UNRATED)
    return {
        "month": month,
        "rated": sum(counts.values()),
        "unrated": unrated,
        "agreed": complexity_queries.is_agreed(month),
    }


def mentor(user: User, today: date) -> dict:
    """This week's hours and status, the weeks sent back with their comments, the next
    supervision, the plan tasks assigned to the mentor (three queries)."""
    monday = week_start_of(today)
    this_week, returned = queries.mentor_weeks(user.id, monday)
    weeks = {(user.id, monday): this_week} if this_week else {}
    minutes = {(user.id, monday): this_week["minutes"]} if this_week else {}
    for row in returned:
        row["number"] = week_number(row["week_start"])
        row["link"] = rules.week_link(user.id, row["week_start"])
    return {
        "week": week_summary(user.id, monday, weeks, minutes),
        "returned": returned,
        "next_supervision": next_supervision(user.id, today),
        "tasks": shown(
            [{**row, "overdue": row["due_on"] < today} for row in plan_queries.mentor_tasks(user)]
        ),
    }


#: the ended weeks whose social worker–mentor meetings the home page checks
MEETING_WEEKS = 4


def meeting_shortfalls(user: User, today: date) -> dict:
    """The user's mentors and the last MEETING_WEEKS ended weeks in which they had fewer
    meetings with a social worker than the rule asks, the latest first (three queries)."""
    this_monday = week_start_of(today)
    mondays = [this_monday - timedelta(weeks=back) for back in range(MEETING_WEEKS, 0, -1)]
    needed = meetings_per_week()
    pairs = mentor_meeting_queries.mentor_weeks(
        mentor_meeting_queries.supervised_mentors(user), mondays
    )
    short = mentor_meeting_queries.shortfalls(pairs, needed)
    return {"needed": needed, **shown(short[::-1])}


def roster_days(user: User, today: date) -> list[dict]:
    """The user's days at the reception centre this week, each with its times and whether it
    can be confirmed with one tap ("I was there"; one query)."""
    monday = week_start_of(today)
    return [
        {
            **shift,
            "from_to": f"{format_clock(shift['start_minute'])}–{format_clock(shift['end_minute'])}",
            "may_confirm": roster_services.may_confirm(shift, user, today),
        }
        for shift in roster_queries.own_shifts(user, monday, week_end(monday))
    ]


def social_worker(user: User, today: date) -> dict:
    """The supervised mentors' filing this and last week, the approvals waiting, the
    caseloads against the contract limits and the clients whose entitlement is due."""
    this_monday = week_start_of(today)
    last_monday = this_monday - timedelta(days=7)
    mentors = list(
        timesheet_queries.mentors_visible_to(user)
        .select(User.id, User.display_name)
        .where(User.active)
        .order_by(User.display_name, User.id)
        .dicts()
    )
    ids = [row["id"] for row in mentors]
    supervised = set(ids)
    weeks = timesheet_queries.weeks_of(ids, last_monday, this_monday)
    minutes = timesheet_queries.minutes_by_mentor_week(ids, last_monday, week_end(this_monday))
    for row in mentors:
        row["weeks"] = [
            week_summary(row["id"], monday, weeks, minutes) for monday in (last_monday, this_monday)
        ]
    queue = list(timesheet_queries.submitted_queue(user))
    for row in queue:
        row["number"] = week_number(row["week_start"])
        row["link"] = rules.week_link(row["mentor"], row["week_start"])
    load = case_queries.caseload(today, user)
    return {
        "mentors": mentors,
        "mondays": (last_monday, this_monday),
        "queue": queue[:QUEUE_SHOWN],
        "queue_count": len(queue),
        "own_load": next((w for w in load.workers if w.user_id == user.id), None),
        "mentor_loads": [m for m in load.mentors if m.user_id in supervised],
        "entitlements": entitlements_due(user, today),
        "plans": plan_reminders(user, today),
        "meetings": meeting_shortfalls(user, today),
        "evaluations": evaluation_reminders(user, today),
        "roster": roster_days(user, today),
    }


def lead(user: User, today: date) -> dict:
    """The compliance panel's lines for the current period, the risks overdue for review, the
    open double-funding conflicts and the clients whose entitlement is due."""
    window = rules.default_window(today, user)
    results = rules.contract_rules(window)
    risks = risk_queries.register_rows(reader_language(), today)
    return {
        "window": window,
        "results": results,
        "conflicts": next(r for r in results if r.key == "no_double_funding"),
        "overdue": [row for row in risks if row["overdue"]],
        "entitlements": entitlements_due(user, today),
        "plans": plan_reminders(user, today),
        "evaluations": evaluation_reminders(user, today),
        "ratings": rating_progress(today),
        "roster": roster_days(user, today),
    }


def coordinator(user: User, today: date) -> dict:
    """Last month's submission checklist (the page switches months) and the notices to the
    funder not yet sent, the overdue first (one query more)."""
    notices = [
        {
            "row": row,
            "kind": NOTICE_KINDS[row.kind],
            "overdue": row.deadline is not None and row.deadline < today,
        }
        for row in notice_queries.unsent(user, today)
    ]
    return {
        "checklist": rules.checklist(add_months(today, -1), today, user),
        "notices": shown(notices),
    }


def admin(user: User, today: date) -> dict:
    """Accounts, active and in all, and the latest audit events (two queries)."""
    counts = dict(
        admin_queries.users_visible_to(user)
        .select(User.active, fn.COUNT(User.id))
        .group_by(User.active)
        .tuples()
    )
    return {
        "users_total": sum(counts.values()),
        "users_active": sum(count for active, count in counts.items() if active),
        "events": list(admin_queries.audit_events().limit(RECENT_EVENTS)),
    }


def auditor(user: User, today: date) -> dict:
    """The reported six-month periods, and the months reported or with submitted meeting
    protocols, newest first (two queries)."""
    reported = list(period_queries.reported_periods())
    submitted = set(meeting_queries.submitted_months())
    reported_months = {
        period.starts_on.replace(day=1) for period in reported if period.kind == PeriodKind.MONTH
    }
    months = sorted(reported_months | submitted, reverse=True)
    return {
        "interims": [
            {"period": period, "range": rules.range_args(period.starts_on, period.ends_on)}
            for period in reversed(reported)
            if period.kind == PeriodKind.INTERIM
        ],
        "months": [
            {"month": month, "reported": month in reported_months, "bundle": month in submitted}
            for month in months
        ],
    }


BUILDERS = {
    Role.MENTOR: mentor,
    Role.SOCIAL_WORKER: social_worker,
    Role.LEAD: lead,
    Role.COORDINATOR: coordinator,
    Role.ADMIN: admin,
    Role.AUDITOR: auditor,
}


def dashboard(user: User, today: date) -> dict:
    """The signed-in person's dashboard: its template and data."""
    return {"template": f"dashboards/_{user.role}.html", **BUILDERS[user.role](user, today)}
