"""An inclusion plan's life: drawn up for an open case file, goals and tasks added and changed,
tasks ticked, reviews, closed with an outcome; never deleted (the reports count plans). One
allowed_actions(plan, user) says what a user may do; every change below enforces it and is
audited in its own transaction."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseFile
from app.cases.queries import may_manage
from app.clients.models import Membership
from app.clients.queries import member_on
from app.db import write_tx
from app.permissions import Role
from app.plans.models import (
    Outcome,
    OutcomeReason,
    OwnerKind,
    Plan,
    PlanGoal,
    PlanMember,
    PlanReview,
    PlanTask,
    TaskStatus,
)
from app.refusals import Refused, refuse

CREATE = "create"
EDIT = "edit"  #: add and change goals and tasks, tick any task
REVIEW = "review"
CLOSE = "close"
TICK_MENTOR = "tick_mentor"  #: tick the tasks whose owner is the mentor


def allowed_actions(plan: Plan, user: User) -> frozenset[str]:
    """What `user` may do with `plan` (an unsaved Plan(case=...) asks whether one may be drawn
    up): the case's managers change an open plan while the case is open and may review and
    close it after; the case's mentor ticks the mentor's tasks."""
    case = plan.case
    manager = may_manage(user, case.social_worker_id, case.mentor_id)
    case_open = case.closed_on is None
    if plan.id is None:
        return frozenset({CREATE}) if manager and case_open else frozenset()
    if plan.outcome is not None:
        return frozenset()
    if manager:
        return frozenset({EDIT, REVIEW, CLOSE} if case_open else {REVIEW, CLOSE})
    if user.role == Role.MENTOR and case.mentor_id == user.id and case_open:
        return frozenset({TICK_MENTOR})
    return frozenset()


def may_tick(task: PlanTask, actions: frozenset[str]) -> bool:
    """Whether the task can be ticked done by one who may do `actions` with its plan."""
    if task.status != TaskStatus.OPEN:
        return False
    return EDIT in actions or (TICK_MENTOR in actions and task.owner_kind == OwnerKind.MENTOR)


def _require(plan: Plan, user: User, action: str) -> None:
    if action not in allowed_actions(plan, user):
        raise refuse(_l("You cannot change this plan."))


def _refusal(errors: dict[str, list]) -> None:
    if errors:
        raise Refused(errors)


def _not_in_future(day: date, field_name: str, errors: dict) -> None:
    if day > local_today():
        errors.setdefault(field_name, []).append(_l("The date cannot be in the future."))


def _not_before_plan(plan: Plan, day: date, field_name: str, errors: dict) -> None:
    if day < plan.drawn_up_on:
        errors.setdefault(field_name, []).append(
            _l("The date cannot be before the plan was drawn up.")
        )


@dataclass
class PlanInput:
    drawn_up_on: date
    taken_over: bool
    member_ids: list[int]
    needs: str
    specialists: str


def plan_member_ids(plan: Plan) -> set[int]:
    return {
        membership_id
        for (membership_id,) in PlanMember.select(PlanMember.membership)
        .where(PlanMember.plan == plan.id)
        .tuples()
    }


def member_choices(case: CaseFile, also: set[int] = frozenset()) -> list[tuple[int, str]]:
    """The members a plan may be drawn up with: today's members of the case file, and `also`
    (the members it was drawn up with, who may have left since), as L-0042/1."""
    rows = (
        Membership.select(Membership.id, Membership.number)
        .where(
            Membership.case == case.id,
            member_on(local_today()) | Membership.id.in_(sorted(also)),
        )
        .order_by(Membership.number)
        .tuples()
    )
    return [(membership_id, f"{case.code}/{number}") for membership_id, number in rows]


def _check_plan(case: CaseFile, data: PlanInput, allowed_members: set[int]) -> None:
    errors: dict[str, list] = {}
    _not_in_future(data.drawn_up_on, "drawn_up_on", errors)
    if not data.taken_over and data.drawn_up_on < case.opened_on:
        errors.setdefault("drawn_up_on", []).append(
            _l("A new plan cannot be drawn up before the case file opened.")
        )
    chosen = set(data.member_ids)
    if not chosen or not chosen <= allowed_members:
        errors["members"] = [_l("Choose the members the plan is drawn up with.")]
    _refusal(errors)


def create_plan(actor: User, case: CaseFile, data: PlanInput) -> Plan:
    """Draw up the case file's plan with some or all of its current members."""
    plan = Plan(case=case)
    _require(plan, actor, CREATE)
    _check_plan(case, data, {membership_id for membership_id, _code in member_choices(case)})
    chosen = set(data.member_ids)
    if Plan.select().where(Plan.case == case.id).exists():
        raise refuse(_l("This case file already has a plan."))
    with write_tx():
        plan.drawn_up_on = data.drawn_up_on
        plan.taken_over = data.taken_over
        plan.needs = data.needs.strip()
        plan.specialists = data.specialists.strip()
        plan.save()
        PlanMember.insert_many(
            [{"plan": plan.id, "membership": membership_id} for membership_id in sorted(chosen)]
        ).execute()
        audit.record(actor, "plan.create", plan, ("drawn_up_on", "taken_over", "members", "needs"))
    return plan


def _changed(obj, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def _dated_before(plan: Plan, day: date) -> bool:
    """Whether a task of the plan is due, or a review was held, before `day`."""
    tasks = PlanTask.select().join(PlanGoal).where(PlanGoal.plan == plan.id, PlanTask.due_on < day)
    reviews = PlanReview.select().where(PlanReview.plan == plan.id, PlanReview.day < day)
    return tasks.exists() or reviews.exists()


def update_plan(actor: User, plan: Plan, data: PlanInput) -> bool:
    """Change the plan's day, members, needs or specialists while it may be edited; the
    members it was drawn up with stay choosable after they left the case file."""
    _require(plan, actor, EDIT)
    before = plan_member_ids(plan)
    allowed = {membership_id for membership_id, _code in member_choices(plan.case, before)}
    _check_plan(plan.case, data, allowed)
    if data.drawn_up_on > plan.drawn_up_on and _dated_before(plan, data.drawn_up_on):
        raise Refused.because(
            _l("A task or review of the plan is dated before this day."), "drawn_up_on"
        )
    changed = _changed(
        plan,
        {
            "drawn_up_on": data.drawn_up_on,
            "taken_over": data.taken_over,
            "needs": data.needs.strip(),
            "specialists": data.specialists.strip(),
        },
    )
    chosen = set(data.member_ids)
    if chosen != before:
        changed.append("members")
    if changed:
        with write_tx():
            plan.save()
            PlanMember.delete().where(
                PlanMember.plan == plan.id, PlanMember.membership.not_in(sorted(chosen))
            ).execute()
            if chosen - before:
                PlanMember.insert_many(
                    [{"plan": plan.id, "membership": member} for member in sorted(chosen - before)]
                ).execute()
            audit.record(actor, "plan.update", plan, changed)
    return bool(changed)


def add_goal(actor: User, plan: Plan, text: str) -> PlanGoal:
    _require(plan, actor, EDIT)
    with write_tx():
        last = PlanGoal.select().where(PlanGoal.plan == plan.id).count()
        goal = PlanGoal.create(plan=plan, text=text.strip(), sort_order=last + 1)
        audit.record(actor, "plan.goal_add", goal, ("text",))
    return goal


def update_goal(actor: User, goal: PlanGoal, text: str) -> bool:
    _require(goal.plan, actor, EDIT)
    changed = _changed(goal, {"text": text.strip()})
    if changed:
        with write_tx():
            goal.save()
            audit.record(actor, "plan.goal_update", goal, changed)
    return bool(changed)


@dataclass
class TaskInput:
    text: str
    owner_kind: str
    institution: str
    due_on: date
    status: str = TaskStatus.OPEN


def _check_task(plan: Plan, data: TaskInput) -> dict:
    errors: dict[str, list] = {}
    if data.owner_kind not in OwnerKind.ALL:
        errors["owner_kind"] = [_l("Choose who does the task.")]
    if data.owner_kind == OwnerKind.INSTITUTION and not data.institution.strip():
        errors["institution"] = [_l("Name the institution.")]
    if data.status not in TaskStatus.ALL:
        errors["status"] = [_l("Choose the task's status.")]
    _not_before_plan(plan, data.due_on, "due_on", errors)
    _refusal(errors)
    institution = data.institution.strip() if data.owner_kind == OwnerKind.INSTITUTION else ""
    return {
        "text": data.text.strip(),
        "owner_kind": data.owner_kind,
        "institution": institution,
        "due_on": data.due_on,
        "status": data.status,
    }


def add_task(actor: User, goal: PlanGoal, data: TaskInput) -> PlanTask:
    plan = goal.plan
    _require(plan, actor, EDIT)
    values = _check_task(plan, data)
    values["status"] = TaskStatus.OPEN
    with write_tx():
        task = PlanTask.create(goal=goal, **values)
        audit.record(actor, "plan.task_add", task, ("text", "owner_kind", "due_on"))
    return task


def update_task(actor: User, task: PlanTask, data: TaskInput) -> bool:
    _require(task.goal.plan, actor, EDIT)
    values = _check_task(task.goal.plan, data)
    if values["status"] == TaskStatus.OPEN:
        values["done_on"] = None
    elif values["status"] != task.status:
        values["done_on"] = local_today()
    changed = _changed(task, values)
    if changed:
        with write_tx():
            task.save()
            audit.record(actor, "plan.task_update", task, changed)
    return bool(changed)


def tick_task(actor: User, task: PlanTask) -> None:
    """The task is done today."""
    if not may_tick(task, allowed_actions(task.goal.plan, actor)):
        raise refuse(_l("You cannot tick this task."))
    with write_tx():
        task.status, task.done_on = TaskStatus.DONE, local_today()
        task.save()
        audit.record(actor, "plan.task_done", task, ("status", "done_on"))


def add_review(actor: User, plan: Plan, day: date, changes: str) -> PlanReview:
    _require(plan, actor, REVIEW)
    errors: dict[str, list] = {}
    _not_in_future(day, "day", errors)
    _not_before_plan(plan, day, "day", errors)
    _refusal(errors)
    with write_tx():
        review = PlanReview.create(plan=plan, day=day, changes=changes.strip(), by=actor)
        audit.record(actor, "plan.review", review, ("day", "changes"))
    return review


@dataclass
class CloseInput:
    closed_on: date
    outcome: str
    reason: str | None
    note: str
    close_anyway: bool = False


def open_task_count(plan: Plan) -> int:
    return (
        PlanTask.select()
        .join(PlanGoal)
        .where(PlanGoal.plan == plan.id, PlanTask.status == TaskStatus.OPEN)
        .count()
    )


def close_plan(actor: User, plan: Plan, data: CloseInput) -> None:
    """Give the plan its outcome. Not fulfilled and partly fulfilled need a reason; fulfilled
    with tasks still open asks for "close anyway" and a note (a warning, not a rule)."""
    _require(plan, actor, CLOSE)
    errors: dict[str, list] = {}
    _not_in_future(data.closed_on, "closed_on", errors)
    _not_before_plan(plan, data.closed_on, "closed_on", errors)
    if data.outcome not in Outcome.ALL:
        errors["outcome"] = [_l("Choose the outcome.")]
    if data.outcome in Outcome.NEED_REASON and data.reason not in OutcomeReason.ALL:
        errors["reason"] = [_l("Choose why the plan was not fully fulfilled.")]
    if data.outcome == Outcome.FULFILLED:
        still_open = open_task_count(plan)
        if still_open and not (data.close_anyway and data.note.strip()):
            errors["close_anyway"] = [
                _l(
                    "%(count)d tasks are still open. To close the plan as fulfilled anyway, "
                    "tick the box and give the reason in the note.",
                    count=still_open,
                )
            ]
    _refusal(errors)
    reason = data.reason if data.outcome in Outcome.NEED_REASON else None
    with write_tx():
        plan.outcome, plan.outcome_reason = data.outcome, reason
        plan.outcome_note, plan.closed_on = data.note.strip(), data.closed_on
        plan.save()
        audit.record(actor, "plan.close", plan, ("outcome", "outcome_reason", "closed_on"))
