"""A case file's inclusion plan: its page, drawing it up, goals, tasks, ticking a task done,
reviews and the outcome. Each change answers with the plan's page (its part for htmx)."""

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.calendar import local_today
from app.cases.models import CaseFile
from app.cases.queries import cases_visible_to
from app.htmx import after_change, render
from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.plans import queries, services
from app.plans.forms import (
    CloseForm,
    GoalForm,
    PlanFields,
    PlanForm,
    ReviewForm,
    TaskEditForm,
    TaskForm,
)
from app.plans.labels import label_context
from app.plans.models import Plan, PlanGoal, PlanTask
from app.refusals import Refused, refuse, show_refusal

bp = Blueprint("plans", __name__, url_prefix="/cases")

GOAL_PREFIX = "goal"
TASK_PREFIX = "task"
CLOSE_PREFIX = "outcome"
REVIEW_PREFIX = "review"


def _found(obj):
    if obj is None:
        abort(404)
    return obj


def _case_or_404(case_id: int) -> CaseFile:
    """A case file the viewer may see (the services decide what they may change)."""
    return _found(cases_visible_to(current_user).where(CaseFile.id == case_id).first())


def _plan_or_404(case: CaseFile) -> Plan:
    plan = _found(queries.plan_of(case))
    plan.case = case
    return plan


def _goal_or_404(plan: Plan, goal_id: int) -> PlanGoal:
    goal = _found(PlanGoal.get_or_none(PlanGoal.id == goal_id, PlanGoal.plan == plan.id))
    goal.plan = plan
    return goal


def _task_or_404(plan: Plan, task_id: int) -> PlanTask:
    task = _found(
        PlanTask.select(PlanTask, PlanGoal)
        .join(PlanGoal)
        .where(PlanTask.id == task_id, PlanGoal.plan == plan.id)
        .first()
    )
    task.goal.plan = plan
    return task


def _goal_choices(page: queries.PlanPage) -> list[tuple[int, str]]:
    return [(goal.goal.id, goal.goal.text) for goal in page.goals]


def _plan_url(case: CaseFile) -> str:
    return url_for("plans.detail", case_id=case.id)


def _show_plan(case: CaseFile, status: int = 200, **forms):
    """The plan's page (its part for htmx), `forms` keeping what was posted."""
    page = queries.plan_page(case)
    today = local_today()
    plan = page.plan if page.plan is not None else Plan(case=case)
    actions = services.allowed_actions(plan, current_user)
    goals = _goal_choices(page)
    blank = {
        "plan_form": PlanForm(services.member_choices(case), formdata=None, drawn_up_on=today)
        if services.CREATE in actions
        else None,
        "goal_form": GoalForm(formdata=None, prefix=GOAL_PREFIX),
        "task_form": TaskForm(goals, formdata=None, prefix=TASK_PREFIX),
        "review_form": ReviewForm(formdata=None, prefix=REVIEW_PREFIX, day=today),
        "close_form": CloseForm(formdata=None, prefix=CLOSE_PREFIX, closed_on=today),
        **forms,
    }
    return render(
        "plans/detail.html",
        "plans/_plan.html",
        status=status,
        case=case,
        plan_page=page,
        goal_minutes=queries.goal_minutes(page.plan) if page.plan is not None else {},
        actions=actions,
        may_tick=services.may_tick,
        today=today,
        **label_context(),
        **blank,
    )


def _back_to_plan(case: CaseFile, message: str = "", refused=None):
    return after_change(_plan_url(case), lambda status: _show_plan(case, status), refused, message)


def _plan_input(form: PlanFields) -> services.PlanInput:
    return services.PlanInput(
        drawn_up_on=form.drawn_up_on.data,
        taken_over=form.taken_over.data,
        member_ids=form.chosen_ids(),
        needs=form.needs.data,
        specialists=form.specialists.data,
    )


@bp.get("/<int:case_id>/plan")
@requires("cases.view")
def detail(case_id: int):
    """The case file's plan: members, needs, goals and tasks, specialists, reviews, outcome."""
    return _show_plan(_case_or_404(case_id))


@bp.post("/<int:case_id>/plan/new")
@requires("cases.manage")
@idempotent
def create(case_id: int):
    """Draw up the case file's plan."""
    case = _case_or_404(case_id)
    form = PlanForm(services.member_choices(case))
    if form.validate():
        try:
            services.create_plan(acting_user(), case, _plan_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The plan is drawn up."))
    return _show_plan(case, 422, plan_form=form)


@bp.route("/<int:case_id>/plan/edit", methods=["GET", "POST"])
@requires("cases.manage")
def edit(case_id: int):
    """Change the plan's day, members, needs and specialists."""
    case = _case_or_404(case_id)
    plan = _plan_or_404(case)
    members = services.plan_member_ids(plan)
    choices = services.member_choices(case, members)
    action = url_for("plans.edit", case_id=case.id)
    title = _("Edit the plan")
    if request.method == "GET":
        form = PlanFields(choices, formdata=None, obj=plan, members=sorted(members))
        return _edit_page(case, form, title, action)
    form = PlanFields(choices)
    if form.validate():
        try:
            changed = services.update_plan(acting_user(), plan, _plan_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The plan is saved.") if changed else "")
    return _edit_page(case, form, title, action, 422)


@bp.post("/<int:case_id>/plan/goals")
@requires("cases.manage")
@idempotent
def create_goal(case_id: int):
    """A new goal of the plan."""
    case = _case_or_404(case_id)
    plan = _plan_or_404(case)
    form = GoalForm(prefix=GOAL_PREFIX)
    if form.validate():
        try:
            services.add_goal(acting_user(), plan, form.text.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The goal is added."))
    return _show_plan(case, 422, goal_form=form)


def _edit_page(case: CaseFile, form, title: str, action: str, status: int = 200):
    return render(
        "plans/edit.html", status=status, case=case, form=form, title=title, action=action
    )


@bp.route("/<int:case_id>/plan/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@requires("cases.manage")
def edit_goal(case_id: int, goal_id: int):
    """Change a goal's words."""
    case = _case_or_404(case_id)
    goal = _goal_or_404(_plan_or_404(case), goal_id)
    action = url_for("plans.edit_goal", case_id=case.id, goal_id=goal.id)
    if request.method == "GET":
        return _edit_page(case, GoalForm(formdata=None, obj=goal), _("Edit the goal"), action)
    form = GoalForm()
    if form.validate():
        try:
            changed = services.update_goal(acting_user(), goal, form.text.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The goal is saved.") if changed else "")
    return _edit_page(case, form, _("Edit the goal"), action, 422)


def _task_input(form) -> services.TaskInput:
    status = form.status.data if "status" in form else "open"
    return services.TaskInput(
        text=form.text.data,
        owner_kind=form.owner_kind.data,
        institution=form.institution.data,
        due_on=form.due_on.data,
        status=status,
    )


@bp.post("/<int:case_id>/plan/tasks")
@requires("cases.manage")
@idempotent
def create_task(case_id: int):
    """A new task towards one of the plan's goals."""
    case = _case_or_404(case_id)
    plan = _plan_or_404(case)
    goals = _goal_choices(queries.plan_page(case))
    form = TaskForm(goals, prefix=TASK_PREFIX)
    if form.validate():
        goal = PlanGoal.get_or_none(PlanGoal.id == form.goal.data or 0, PlanGoal.plan == plan.id)
        try:
            if goal is None:
                raise refuse(_l("Choose one of the plan's goals."), "goal")
            goal.plan = plan
            services.add_task(acting_user(), goal, _task_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The task is added."))
    return _show_plan(case, 422, task_form=form)


@bp.route("/<int:case_id>/plan/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@requires("cases.manage")
def edit_task(case_id: int, task_id: int):
    """Change a task: its words, who does it, its due day, its status."""
    case = _case_or_404(case_id)
    task = _task_or_404(_plan_or_404(case), task_id)
    action = url_for("plans.edit_task", case_id=case.id, task_id=task.id)
    title = _("Edit the task")
    if request.method == "GET":
        return _edit_page(case, TaskEditForm(formdata=None, obj=task), title, action)
    form = TaskEditForm()
    if form.validate():
        try:
            changed = services.update_task(acting_user(), task, _task_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The task is saved.") if changed else "")
    return _edit_page(case, form, title, action, 422)


@bp.post("/<int:case_id>/plan/tasks/<int:task_id>/done")
@requires("cases.view")
def tick(case_id: int, task_id: int):
    """Tick a task done today (the case's managers any task, its mentor the mentor's)."""
    case = _case_or_404(case_id)
    task = _task_or_404(_plan_or_404(case), task_id)
    try:
        services.tick_task(acting_user(), task)
    except Refused as refused:
        return _back_to_plan(case, refused=refused)
    return _back_to_plan(case, _("The task is done."))


@bp.post("/<int:case_id>/plan/reviews")
@requires("cases.manage")
@idempotent
def create_review(case_id: int):
    """A review of the plan: the day and what changed."""
    case = _case_or_404(case_id)
    plan = _plan_or_404(case)
    form = ReviewForm(prefix=REVIEW_PREFIX)
    if form.validate():
        try:
            services.add_review(acting_user(), plan, form.day.data, form.changes.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The review is recorded."))
    return _show_plan(case, 422, review_form=form)


@bp.post("/<int:case_id>/plan/close")
@requires("cases.manage")
def close(case_id: int):
    """Close the plan with its outcome (and the reason when it is not fully fulfilled)."""
    case = _case_or_404(case_id)
    plan = _plan_or_404(case)
    form = CloseForm(prefix=CLOSE_PREFIX)
    if form.validate():
        data = services.CloseInput(
            closed_on=form.closed_on.data,
            outcome=form.outcome.data,
            reason=form.reason.data or None,
            note=form.note.data,
            close_anyway=form.close_anyway.data,
        )
        try:
            services.close_plan(acting_user(), plan, data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_plan(case, _("The plan is closed."))
    return _show_plan(case, 422, close_form=form)
