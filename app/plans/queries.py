"""A plan's page, the report's plan figures, and the home pages' reminders (plans due for
review, overdue tasks, open case files without a plan), each scoped to a viewer."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import JOIN, Case, fn

from app.accounts import User
from app.calendar import shift_months
from app.cases.models import CaseFile
from app.cases.queries import cases_visible_to, open_between, open_on
from app.clients.models import Membership
from app.plans.models import (
    OwnerKind,
    Plan,
    PlanGoal,
    PlanMember,
    PlanReview,
    PlanTask,
    TaskStatus,
)
from app.timesheets.models import Entry, EntryCase, Week, WeekStatus

#: a plan is reviewed at least every three months
REVIEW_MONTHS = 3
#: a case file should have its plan within 30 days of opening
PLAN_WITHIN_DAYS = 30


@dataclass
class Goal:
    goal: PlanGoal
    tasks: list[PlanTask] = field(default_factory=list)


@dataclass
class PlanPage:
    case: CaseFile
    plan: Plan | None
    member_numbers: list[int]
    goals: list[Goal]
    reviews: list[dict]

    @property
    def open_tasks(self) -> int:
        return sum(task.status == TaskStatus.OPEN for goal in self.goals for task in goal.tasks)


def plan_of(case: CaseFile) -> Plan | None:
    return Plan.get_or_none(Plan.case == case.id)


def plan_page(case: CaseFile) -> PlanPage:
    """The case file's plan with its members, goals, tasks and reviews; five queries (one
    without a plan)."""
    plan = plan_of(case)
    if plan is None:
        return PlanPage(case, None, [], [], [])
    plan.case = case
    numbers = [
        number
        for (number,) in Membership.select(Membership.number)
        .join(PlanMember)
        .where(PlanMember.plan == plan.id)
        .order_by(Membership.number)
        .tuples()
    ]
    goals = {
        goal.id: Goal(goal)
        for goal in PlanGoal.select()
        .where(PlanGoal.plan == plan.id)
        .order_by(PlanGoal.sort_order, PlanGoal.id)
    }
    tasks = (
        PlanTask.select()
        .join(PlanGoal)
        .where(PlanGoal.plan == plan.id)
        .order_by(PlanTask.due_on, PlanTask.id)
    )
    for task in tasks:
        goals[task.goal_id].tasks.append(task)
    reviews = list(
        PlanReview.select(PlanReview.day, PlanReview.changes, User.display_name.alias("by_name"))
        .join(User)
        .where(PlanReview.plan == plan.id)
        .order_by(PlanReview.day.desc(), PlanReview.id.desc())
        .dicts()
    )
    return PlanPage(case, plan, numbers, list(goals.values()), reviews)


# --- goals in timesheets ------------------------------------------------------------------


def goal_choices(case_codes, day: date) -> dict[str, list[tuple[int, str]]]:
    """The goals of the plans of the case files with these codes that are open on `day` (the
    case files a mentor may log then, own or covering), by code, each plan's goals in its order;
    one query (none without codes)."""
    codes = sorted({code for code in case_codes if code})
    if not codes:
        return {}
    rows = (
        PlanGoal.select(CaseFile.code, PlanGoal.id, PlanGoal.text)
        .join(Plan)
        .join(CaseFile)
        .where(CaseFile.code.in_(codes), open_on(day))
        .order_by(CaseFile.code, PlanGoal.sort_order, PlanGoal.id)
        .tuples()
    )
    choices: dict[str, list[tuple[int, str]]] = {}
    for code, goal_id, text in rows:
        choices.setdefault(code, []).append((goal_id, text))
    return choices


@dataclass(frozen=True)
class GoalMinutes:
    approved: int = 0  #: of entries in approved weeks
    filed: int = 0  #: of every entry, approved or not


def goal_minutes(plan: Plan) -> dict[int, GoalMinutes]:
    """Mentors' minutes of the timesheet entries naming each of the plan's goals, approved and
    filed in all, by goal id (an entry for two case files counts whole for the goal of each);
    one query."""
    approved = Case(None, [(Week.status == WeekStatus.APPROVED, Entry.minutes)], 0)
    rows = (
        PlanGoal.select(
            PlanGoal.id,
            fn.COALESCE(fn.SUM(approved), 0),
            fn.COALESCE(fn.SUM(Entry.minutes), 0),
        )
        .join(EntryCase, JOIN.LEFT_OUTER, on=(EntryCase.goal == PlanGoal.id))
        .join(Entry, JOIN.LEFT_OUTER, on=(EntryCase.entry == Entry.id))
        .join(Week, JOIN.LEFT_OUTER, on=(Entry.week == Week.id))
        .where(PlanGoal.plan == plan.id)
        .group_by(PlanGoal.id)
        .tuples()
    )
    return {goal_id: GoalMinutes(int(ok), int(all_)) for goal_id, ok, all_ in rows}


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFigures:
    #: drawn up in the period (not taken over)
    new: int
    #: taken over with case files from the previous contract, of case files served in the period
    taken_over: int
    #: plans closed in the period: (outcome, reason or None) -> plans
    closed: dict[tuple[str, str | None], int]


def plan_figures(first: date, last: date) -> PlanFigures:
    """The interim report's plan counts for the period; three queries."""
    new = Plan.select().where(Plan.drawn_up_on.between(first, last), ~Plan.taken_over).count()
    taken_over = (
        Plan.select().join(CaseFile).where(Plan.taken_over, open_between(first, last)).count()
    )
    closed = (
        Plan.select(Plan.outcome, Plan.outcome_reason, fn.COUNT(Plan.id))
        .where(Plan.closed_on.between(first, last))
        .group_by(Plan.outcome, Plan.outcome_reason)
        .tuples()
    )
    return PlanFigures(new, taken_over, {(o, r): n for o, r, n in closed})


# --- reminders for home pages ----------------------------------------------------------------


def _visible_ids(viewer: User):
    return cases_visible_to(viewer).select(CaseFile.id)


def plans_due_for_review(viewer: User, today: date) -> list[dict]:
    """Open plans of the viewer's open case files whose last review (or drawing-up, when none)
    is more than three months old: case id, code and that day; one query."""
    last_review = fn.MAX(PlanReview.day)
    since = fn.COALESCE(last_review, Plan.drawn_up_on).python_value(Plan.drawn_up_on.python_value)
    return list(
        Plan.select(CaseFile.id, CaseFile.code, since.alias("since"))
        .join(CaseFile)
        .switch(Plan)
        .join(PlanReview, JOIN.LEFT_OUTER)
        .where(
            Plan.outcome.is_null(),
            CaseFile.closed_on.is_null(),
            CaseFile.id.in_(_visible_ids(viewer)),
        )
        .group_by(CaseFile.id, CaseFile.code, Plan.drawn_up_on)
        .having(since < shift_months(today, -REVIEW_MONTHS))
        .order_by(since, CaseFile.code)
        .dicts()
    )


def overdue_tasks(viewer: User, today: date) -> list[dict]:
    """Open tasks past their due day in open plans of the viewer's case files; one query."""
    return list(
        PlanTask.select(
            PlanTask.id,
            PlanTask.text,
            PlanTask.owner_kind,
            PlanTask.due_on,
            CaseFile.id.alias("case_id"),
            CaseFile.code,
        )
        .join(PlanGoal)
        .join(Plan)
        .join(CaseFile)
        .where(
            PlanTask.status == TaskStatus.OPEN,
            PlanTask.due_on < today,
            Plan.outcome.is_null(),
            CaseFile.id.in_(_visible_ids(viewer)),
        )
        .order_by(PlanTask.due_on, CaseFile.code, PlanTask.id)
        .dicts()
    )


def mentor_tasks(mentor: User) -> list[dict]:
    """Open tasks for the mentor in open plans of the mentor's own open case files, soonest due
    first; one query."""
    return list(
        PlanTask.select(
            PlanTask.id,
            PlanTask.text,
            PlanTask.due_on,
            CaseFile.id.alias("case_id"),
            CaseFile.code,
        )
        .join(PlanGoal)
        .join(Plan)
        .join(CaseFile)
        .where(
            PlanTask.status == TaskStatus.OPEN,
            PlanTask.owner_kind == OwnerKind.MENTOR,
            Plan.outcome.is_null(),
            CaseFile.closed_on.is_null(),
            CaseFile.mentor == mentor.id,
        )
        .order_by(PlanTask.due_on, CaseFile.code, PlanTask.id)
        .dicts()
    )


def cases_without_plan(viewer: User, today: date) -> list[dict]:
    """The viewer's open case files opened more than 30 days ago that have no plan; one query."""
    return list(
        cases_visible_to(viewer)
        .select(CaseFile.id, CaseFile.code, CaseFile.opened_on)
        .join(Plan, JOIN.LEFT_OUTER, on=(Plan.case == CaseFile.id))
        .where(
            CaseFile.closed_on.is_null(),
            CaseFile.opened_on < today - timedelta(days=PLAN_WITHIN_DAYS),
            Plan.id.is_null(),
        )
        .order_by(CaseFile.opened_on, CaseFile.code)
        .dicts()
    )
