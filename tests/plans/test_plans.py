"""A case file's inclusion plan: drawn up, goals and tasks, ticking, reviews and the outcome;
each refusal beside its field with nothing written, every change audited, the mentor ticking
only the mentor's tasks, and nobody outside the case's scope finding it."""

import re
from datetime import timedelta

import pytest
from playhouse.test_utils import assert_query_count

from app.audit import AuditEvent
from app.calendar import local_today
from app.clients.models import Membership
from app.permissions import Role
from app.plans import queries
from app.plans.models import (
    Outcome,
    OutcomeReason,
    OwnerKind,
    Plan,
    PlanGoal,
    PlanMember,
    PlanTask,
    TaskStatus,
)
from tests.conftest import create_user
from tests.factories import days_ago, make_case

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def case(users):
    """L-0042: the social worker's family of two with the mentor, opened 100 days ago."""
    return make_case("L-0042", users[Role.SOCIAL_WORKER], mentor=users[Role.MENTOR], people=2)


@pytest.fixture
def worker(client_as):
    return client_as(Role.SOCIAL_WORKER)


def members(case) -> list[int]:
    return [m.id for m in Membership.select().where(Membership.case == case.id)]


def draw_up(client, case, action="new", **overrides):
    """Post the plan's form: draw it up (`new`) or change it (`edit`)."""
    data = {
        "drawn_up_on": days_ago(10).isoformat(),
        "members": [str(i) for i in members(case)],
        "needs": "Latvian course, housing",
        "specialists": "NVA counsellor",
        **overrides,
    }
    return client.post(f"/cases/{case.id}/plan/{action}", data=data)


@pytest.fixture
def plan(worker, case):
    assert draw_up(worker, case).status_code == 303
    return Plan.get(Plan.case == case.id)


@pytest.fixture
def goal(worker, case, plan):
    assert (
        worker.post(f"/cases/{case.id}/plan/goals", data={"goal-text": "Work"}).status_code == 303
    )
    return PlanGoal.get(PlanGoal.plan == plan.id)


def add_task(client, case, goal, **overrides):
    data = {
        "goal": str(goal.id),
        "text": "Register at NVA",
        "owner_kind": OwnerKind.MENTOR,
        "institution": "",
        "due_on": (local_today() + timedelta(days=14)).isoformat(),
        **overrides,
    }
    data = {f"task-{name}": value for name, value in data.items()}
    return client.post(f"/cases/{case.id}/plan/tasks", data=data)


def task(goal, owner_kind) -> PlanTask:
    return PlanTask.create(
        goal=goal, text=f"by {owner_kind}", owner_kind=owner_kind, due_on=local_today()
    )


def error_of(page: str, field_id: str) -> str:
    found = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""


def actions_of(case) -> list[str]:
    return [
        event.action
        for event in AuditEvent.select()
        .where(AuditEvent.action.startswith("plan."))
        .order_by(AuditEvent.id)
    ]


def test_the_case_page_links_to_the_plan(worker, case):
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Inclusion plan" in page and "No plan drawn up yet." in page
    assert f'href="/cases/{case.id}/plan"' in page


def test_a_social_worker_draws_up_a_plan_with_some_members(worker, case):
    first = members(case)[0]
    assert draw_up(worker, case, members=[str(first)]).status_code == 303
    plan = Plan.get(Plan.case == case.id)
    assert [m.membership_id for m in PlanMember.select().where(PlanMember.plan == plan.id)] == [
        first
    ]
    page = worker.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert re.search(r'id="plan-members">L-0042/1<', page)
    assert "Latvian course, housing" in page and "NVA counsellor" in page
    assert "Case codes only — never a client's name." in page
    event = AuditEvent.get(AuditEvent.action == "plan.create")
    assert event.object_id == plan.id and "Latvian" not in event.changes


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"drawn_up_on": days_ago(-1).isoformat()}, "drawn_up_on", "cannot be in the future"),
        ({"drawn_up_on": days_ago(101).isoformat()}, "drawn_up_on", "before the case file opened"),
        ({"members": []}, "members", "Choose the members"),
        ({"needs": ""}, "needs", "This field is required."),
        ({"needs": "x" * 2001}, "needs", "at most 2000"),
    ],
)
def test_a_plan_is_refused_beside_the_field(worker, case, overrides, field, message):
    response = draw_up(worker, case, **overrides)
    assert response.status_code == 422
    assert message in error_of(response.get_data(as_text=True), field)
    assert (
        Plan.select().count() == 0
        and AuditEvent.select().where(AuditEvent.action == "plan.create").count() == 0
    )


def test_a_plan_taken_over_may_be_older_than_the_case_file(worker, case):
    response = draw_up(worker, case, drawn_up_on=days_ago(400).isoformat(), taken_over="y")
    assert response.status_code == 303
    assert Plan.get(Plan.case == case.id).taken_over


def test_no_plan_for_a_closed_case_nor_a_second_one(worker, users, case):
    closed = make_case("L-0050", users[Role.SOCIAL_WORKER], closed_on=days_ago(3))
    response = draw_up(worker, closed)
    assert response.status_code == 422
    assert "You cannot change this plan." in response.get_data(as_text=True)
    assert draw_up(worker, case).status_code == 303
    assert draw_up(worker, case).status_code == 422
    assert Plan.select().count() == 1


def test_a_case_the_worker_does_not_manage_is_not_found(client_as, users):
    other = create_user("otherworker", Role.SOCIAL_WORKER)
    foreign = make_case("K-0001", other)
    client = client_as(Role.SOCIAL_WORKER)
    assert client.get(f"/cases/{foreign.id}/plan").status_code == 404
    assert draw_up(client, foreign).status_code == 404
    assert Plan.select().count() == 0


def test_goals_and_tasks_with_the_due_date_refused_before_the_plan(worker, case, plan, goal):
    assert add_task(worker, case, goal).status_code == 303
    early = (plan.drawn_up_on - timedelta(days=1)).isoformat()
    response = add_task(worker, case, goal, due_on=early)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "before the plan was drawn up" in error_of(page, "task-due_on")
    assert "Register at NVA" in page  # the input is kept
    response = add_task(worker, case, goal, owner_kind=OwnerKind.INSTITUTION)
    assert "Name the institution." in error_of(response.get_data(as_text=True), "task-institution")
    assert PlanTask.select().count() == 1
    assert actions_of(case) == ["plan.create", "plan.goal_add", "plan.task_add"]


def test_a_goal_and_a_task_are_edited(worker, case, plan, goal):
    made = task(goal, OwnerKind.CLIENT)
    url = f"/cases/{case.id}/plan/goals/{goal.id}/edit"
    assert "Work" in worker.get(url).get_data(as_text=True)
    assert worker.post(url, data={"text": "Work and income"}).status_code == 303
    assert PlanGoal.get_by_id(goal.id).text == "Work and income"
    url = f"/cases/{case.id}/plan/tasks/{made.id}/edit"
    data = {
        "text": "Apply",
        "owner_kind": OwnerKind.INSTITUTION,
        "institution": "NVA",
        "due_on": (plan.drawn_up_on - timedelta(days=1)).isoformat(),
        "status": TaskStatus.DROPPED,
    }
    response = worker.post(url, data=data)
    assert response.status_code == 422
    assert "before the plan was drawn up" in error_of(response.get_data(as_text=True), "due_on")
    data["due_on"] = local_today().isoformat()
    assert worker.post(url, data=data).status_code == 303
    changed = PlanTask.get_by_id(made.id)
    assert (changed.institution, changed.status, changed.done_on) == (
        "NVA",
        TaskStatus.DROPPED,
        local_today(),
    )
    assert actions_of(case)[-2:] == ["plan.goal_update", "plan.task_update"]


def edit_plan(client, case, **overrides):
    return draw_up(client, case, "edit", **overrides)


def test_the_plan_itself_is_edited_and_a_member_who_left_stays_choosable(worker, case, plan):
    first, second = members(case)
    page = worker.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert f'href="/cases/{case.id}/plan/edit"' in page
    form = worker.get(f"/cases/{case.id}/plan/edit").get_data(as_text=True)
    assert "Latvian course, housing" in form and "NVA counsellor" in form
    Membership.update(left_on=days_ago(1)).where(Membership.id == second).execute()
    response = edit_plan(
        worker, case, members=[str(second)], needs="Housing only", specialists="", taken_over="y"
    )
    assert response.status_code == 303
    changed = Plan.get_by_id(plan.id)
    assert (changed.needs, changed.specialists, changed.taken_over) == ("Housing only", "", True)
    assert [m.membership_id for m in PlanMember.select().where(PlanMember.plan == plan.id)] == [
        second
    ]
    assert actions_of(case)[-1] == "plan.update"
    # a member who is gone and was not in the plan cannot be added
    response = edit_plan(worker, case, members=[str(first), str(second)])
    assert response.status_code == 303
    Membership.update(left_on=days_ago(1)).where(Membership.id == first).execute()
    PlanMember.delete().where(PlanMember.membership == first).execute()
    response = edit_plan(worker, case, members=[str(first)])
    assert response.status_code == 422
    assert "Choose the members" in error_of(response.get_data(as_text=True), "members")


def test_editing_the_plan_keeps_what_was_typed_and_its_dates_in_order(worker, case, plan, goal):
    task(goal, OwnerKind.CLIENT)  # due today
    response = edit_plan(worker, case, drawn_up_on=days_ago(-1).isoformat(), needs="Typed")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Typed" in page
    assert "cannot be in the future" in error_of(page, "drawn_up_on")
    later = (local_today() + timedelta(days=1)).isoformat()
    assert edit_plan(worker, case, drawn_up_on=later).status_code == 422
    # tasks are due today: the plan cannot have been drawn up after them
    PlanTask.update(due_on=days_ago(2)).execute()
    response = edit_plan(worker, case, drawn_up_on=days_ago(1).isoformat())
    assert "dated before this day" in error_of(response.get_data(as_text=True), "drawn_up_on")
    assert Plan.get_by_id(plan.id).drawn_up_on == days_ago(10)
    assert edit_plan(worker, case).status_code == 303  # nothing changed
    assert "plan.update" not in actions_of(case)


def test_nobody_but_the_cases_managers_edits_the_plan(client_as, case, plan):
    for role in (Role.MENTOR, Role.COORDINATOR):
        assert edit_plan(client_as(role), case).status_code in (403, 422)
        assert (
            client_as(role).get(f"/cases/{case.id}/plan").get_data(as_text=True).count("/plan/edit")
            == 0
        )
    assert Plan.get_by_id(plan.id).needs == "Latvian course, housing"


def test_the_mentor_ticks_only_the_mentors_tasks(client_as, case, plan, goal):
    mentors, workers = task(goal, OwnerKind.MENTOR), task(goal, OwnerKind.SOCIAL_WORKER)
    mentor = client_as(Role.MENTOR)
    page = mentor.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert f"/plan/tasks/{mentors.id}/done" in page
    assert f"/plan/tasks/{workers.id}/done" not in page
    assert "/edit" not in page and "goal-form" not in page and "close-form" not in page
    assert mentor.post(f"/cases/{case.id}/plan/tasks/{mentors.id}/done").status_code == 303
    assert mentor.post(f"/cases/{case.id}/plan/tasks/{workers.id}/done").status_code == 303
    assert PlanTask.get_by_id(mentors.id).status == TaskStatus.DONE
    assert PlanTask.get_by_id(mentors.id).done_on == local_today()
    assert PlanTask.get_by_id(workers.id).status == TaskStatus.OPEN
    assert mentor.post(f"/cases/{case.id}/plan/goals", data={"goal-text": "x"}).status_code == 403
    assert actions_of(case)[-1] == "plan.task_done"


def test_another_mentors_plan_is_not_found(client_as, users, case, plan, goal):
    other = create_user("othermentor", Role.MENTOR, supervisor=users[Role.LEAD])
    foreign = make_case("K-0001", users[Role.LEAD], mentor=other)
    foreign_plan = Plan.create(case=foreign, drawn_up_on=days_ago(5), needs="x")
    foreign_task = task(PlanGoal.create(plan=foreign_plan, text="g"), OwnerKind.MENTOR)
    mentor = client_as(Role.MENTOR)
    assert mentor.get(f"/cases/{foreign.id}/plan").status_code == 404
    assert mentor.post(f"/cases/{foreign.id}/plan/tasks/{foreign_task.id}/done").status_code == 404
    # a task of another plan through this case's address
    assert mentor.post(f"/cases/{case.id}/plan/tasks/{foreign_task.id}/done").status_code == 404
    assert PlanTask.get_by_id(foreign_task.id).status == TaskStatus.OPEN


def test_the_coordinator_reads_and_changes_nothing(client_as, case, plan, goal):
    made = task(goal, OwnerKind.MENTOR)
    client = client_as(Role.COORDINATOR)
    page = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Work" in page and "<form" not in page.split('id="plan"')[1]
    client.post(f"/cases/{case.id}/plan/tasks/{made.id}/done")
    assert PlanTask.get_by_id(made.id).status == TaskStatus.OPEN
    assert client.post(f"/cases/{case.id}/plan/close").status_code == 403
    for role in (Role.ADMIN, Role.AUDITOR):
        assert client_as(role).get(f"/cases/{case.id}/plan").status_code == 403


def test_a_review_is_recorded_and_refused_before_the_plan(worker, users, case, plan):
    url = f"/cases/{case.id}/plan/reviews"
    early = (plan.drawn_up_on - timedelta(days=1)).isoformat()
    response = worker.post(url, data={"review-day": early, "review-changes": "Job found"})
    assert response.status_code == 422
    assert "before the plan" in error_of(response.get_data(as_text=True), "review-day")
    today = local_today().isoformat()
    data = {"review-day": today, "review-changes": "Job found"}
    assert worker.post(url, data=data).status_code == 303
    page = worker.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Job found" in page and users[Role.SOCIAL_WORKER].display_name in page


def close(client, case, **overrides):
    data = {
        "outcome-closed_on": local_today().isoformat(),
        "outcome-outcome": Outcome.NOT_FULFILLED,
        "outcome-reason": OutcomeReason.LANGUAGE,
        "outcome-note": "",
        **overrides,
    }
    return client.post(f"/cases/{case.id}/plan/close", data=data)


@pytest.mark.parametrize("outcome", [Outcome.NOT_FULFILLED, Outcome.PARTLY])
def test_an_outcome_short_of_fulfilled_needs_a_reason(worker, case, plan, outcome):
    response = close(worker, case, **{"outcome-outcome": outcome, "outcome-reason": ""})
    assert response.status_code == 422
    assert "Choose why" in error_of(response.get_data(as_text=True), "outcome-reason")
    assert Plan.get_by_id(plan.id).outcome is None
    assert close(worker, case, **{"outcome-outcome": outcome}).status_code == 303
    closed = Plan.get_by_id(plan.id)
    assert (closed.outcome, closed.outcome_reason) == (outcome, OutcomeReason.LANGUAGE)
    page = worker.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Low Latvian language skills" in page
    assert "close-form" not in page and "goal-form" not in page  # a closed plan is a record
    assert actions_of(case)[-1] == "plan.close"


def test_fulfilled_with_open_tasks_warns_and_closes_when_confirmed(worker, case, plan, goal):
    task(goal, OwnerKind.CLIENT)
    fulfilled = {"outcome-outcome": Outcome.FULFILLED, "outcome-reason": ""}
    response = close(worker, case, **fulfilled)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "1 tasks are still open" in page and 'name="outcome-close_anyway"' in page
    response = close(worker, case, **fulfilled, **{"outcome-close_anyway": "y"})
    assert response.status_code == 422  # the note gives the reason
    note = {"outcome-close_anyway": "y", "outcome-note": "Task no longer needed"}
    assert close(worker, case, **fulfilled, **note).status_code == 303
    closed = Plan.get_by_id(plan.id)
    assert (closed.outcome, closed.outcome_reason) == (Outcome.FULFILLED, None)
    assert closed.outcome_note == "Task no longer needed"


def test_a_plan_is_closed_after_its_case_file_closed(worker, case, plan):
    case.closed_on = local_today()
    case.save()
    page = worker.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "close-form" in page and "goal-form" not in page
    assert close(worker, case, **{"outcome-reason": OutcomeReason.ENDED}).status_code == 303


def test_the_plan_page_costs_the_same_whatever_the_plan_holds(worker, case, plan, goal):
    for owner in OwnerKind.ALL:
        task(goal, owner)
    with assert_query_count(5):
        page = queries.plan_page(case)
    assert len(page.goals[0].tasks) == 4 and page.open_tasks == 4


def test_htmx_gets_the_plan_part_and_a_plain_request_the_page(worker, case, plan):
    url = f"/cases/{case.id}/plan"
    fragment = worker.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'id="plan"' in fragment
    assert "<html" in worker.get(url).get_data(as_text=True)
    response = worker.post(
        f"/cases/{case.id}/plan/goals",
        data={"goal-text": "Housing"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "The goal is added." in response.get_data(as_text=True)
