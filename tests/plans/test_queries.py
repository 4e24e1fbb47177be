"""The report's plan figures on a hand-made set of case files, and the home pages' reminders,
each scoped to the viewer and costing a fixed number of queries."""

from datetime import date

import pytest
from playhouse.test_utils import assert_query_count

from app.accounts import User
from app.calendar import local_today
from app.permissions import Role
from app.plans import queries
from app.plans.models import (
    Outcome,
    OutcomeReason,
    OwnerKind,
    Plan,
    PlanGoal,
    PlanReview,
    PlanTask,
    TaskStatus,
)
from tests.conftest import create_user
from tests.factories import days_ago, make_case

FIRST, LAST = date(2026, 1, 1), date(2026, 6, 30)
LANGUAGE = (Outcome.NOT_FULFILLED, OutcomeReason.LANGUAGE)


def plan(case, drawn_up_on, taken_over=False, outcome=None, reason=None, closed_on=None):
    return Plan.create(
        case=case,
        drawn_up_on=drawn_up_on,
        taken_over=taken_over,
        needs="n",
        outcome=outcome,
        outcome_reason=reason,
        closed_on=closed_on,
    )


def test_plan_figures_count_new_taken_over_and_closed_plans(users):
    worker = users[Role.SOCIAL_WORKER]

    def case(code, opened_on, closed_on=None):
        return make_case(code, worker, opened_on=opened_on, closed_on=closed_on)

    # A: served in the period, its plan taken over (drawn up under the previous contract)
    plan(case("A", date(2025, 10, 1)), date(2025, 6, 1), taken_over=True)
    # B, C: new plans in the period; C's not fulfilled for the language by its end
    plan(case("B", date(2026, 2, 1)), date(2026, 2, 10))
    c = case("C", date(2026, 3, 1))
    plan(c, date(2026, 3, 5), outcome=LANGUAGE[0], reason=LANGUAGE[1], closed_on=date(2026, 5, 31))
    # D: taken over, but the case closed before the period (not served): counts nowhere
    d = case("D", date(2025, 1, 1), closed_on=date(2025, 12, 31))
    plan(d, date(2024, 12, 1), True, LANGUAGE[0], LANGUAGE[1], date(2025, 12, 31))
    # E: taken over and served, closed on the period's last day for the language
    e = case("E", date(2026, 1, 10))
    plan(e, date(2025, 12, 1), True, LANGUAGE[0], LANGUAGE[1], date(2026, 6, 30))
    # F: drawn up after the period
    plan(case("F", date(2026, 6, 15)), date(2026, 7, 1))
    # G: drawn up the day before the period, fulfilled on its first day
    g = case("G", date(2025, 12, 1))
    plan(g, date(2025, 12, 31), outcome=Outcome.FULFILLED, closed_on=date(2026, 1, 1))

    with assert_query_count(3):
        figures = queries.plan_figures(FIRST, LAST)
    assert figures.new == 2  # B + C
    assert figures.taken_over == 2  # A + E (not D)
    assert figures.closed == {LANGUAGE: 2, (Outcome.FULFILLED, None): 1}  # C + E; G


@pytest.fixture
def reminders(users):
    """The social worker's case files: plans due and not due for review, tasks overdue and not,
    case files with and without a plan; another worker's due plan."""
    worker = users[Role.SOCIAL_WORKER]
    due = plan(make_case("L-0001", worker, opened_on=days_ago(200)), days_ago(130))
    reviewed = plan(make_case("L-0002", worker, opened_on=days_ago(200)), days_ago(160))
    PlanReview.create(plan=reviewed, day=days_ago(30), changes="c", by=worker)
    old_review = plan(make_case("L-0003", worker, opened_on=days_ago(300)), days_ago(250))
    PlanReview.create(plan=old_review, day=days_ago(120), changes="c", by=worker)
    plan(
        make_case("L-0004", worker, opened_on=days_ago(200)),
        days_ago(130),
        outcome=Outcome.FULFILLED,
        closed_on=days_ago(1),
    )
    other = create_user("otherworker", Role.SOCIAL_WORKER)
    plan(make_case("K-0001", other, opened_on=days_ago(200)), days_ago(130))
    goal = PlanGoal.create(plan=due, text="g")
    for text, due_on, status in (
        ("late", days_ago(1), TaskStatus.OPEN),
        ("late but done", days_ago(1), TaskStatus.DONE),
        ("on time", days_ago(-1), TaskStatus.OPEN),
    ):
        PlanTask.create(
            goal=goal, text=text, owner_kind=OwnerKind.CLIENT, due_on=due_on, status=status
        )
    make_case("L-0010", worker, opened_on=days_ago(40))
    make_case("L-0011", worker, opened_on=days_ago(10))
    make_case("L-0012", worker, opened_on=days_ago(100), closed_on=days_ago(5))
    make_case("K-0010", other, opened_on=days_ago(40))
    return worker


def test_plans_due_for_review_are_three_months_past_their_last_review(reminders):
    with assert_query_count(1):
        due = queries.plans_due_for_review(reminders, local_today())
    assert [(row["code"], row["since"]) for row in due] == [
        ("L-0001", days_ago(130)),
        ("L-0003", days_ago(120)),
    ]


def test_overdue_tasks_are_open_ones_past_their_day(reminders):
    with assert_query_count(1):
        late = queries.overdue_tasks(reminders, local_today())
    assert [(row["code"], row["text"]) for row in late] == [("L-0001", "late")]


def test_open_case_files_without_a_plan_after_30_days(reminders):
    with assert_query_count(1):
        missing = queries.cases_without_plan(reminders, local_today())
    assert [row["code"] for row in missing] == ["L-0010"]


def test_the_lead_sees_every_case_files_reminders(reminders, users):
    lead: User = users[Role.LEAD]
    today = local_today()
    assert {row["code"] for row in queries.plans_due_for_review(lead, today)} == {
        "L-0001",
        "L-0003",
        "K-0001",
    }
    assert {row["code"] for row in queries.cases_without_plan(lead, today)} == {"L-0010", "K-0010"}
