"""The plan page's mentors' hours per goal: minutes of the entries naming each goal, those of
approved weeks and all filed, read for the whole plan in one query."""

from datetime import timedelta

import pytest
from playhouse.test_utils import assert_query_count

from app.calendar import week_start_of
from app.permissions import Role
from app.plans import queries
from app.plans.models import Plan, PlanGoal
from app.timesheets.models import EntryCase, WeekStatus
from tests.conftest import create_user
from tests.factories import add_entry, days_ago, make_case, make_week

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def plan_goals(users):
    """L-0042's plan: "housing" named by 2 h approved + 1.5 h in a draft week (two mentors, two
    case links of one entry), "school" named by nothing; L-0043's goal named by 4 h approved."""
    worker, mentor = users[Role.SOCIAL_WORKER], users[Role.MENTOR]
    other = create_user("second", Role.MENTOR)
    case = make_case("L-0042", worker, mentor=mentor)
    neighbour = make_case("L-0043", worker, mentor=mentor)
    plan = Plan.create(case=case, drawn_up_on=days_ago(90), needs="n")
    housing = PlanGoal.create(plan=plan, text="Housing", sort_order=1)
    school = PlanGoal.create(plan=plan, text="School", sort_order=2)
    elsewhere = PlanGoal.create(
        plan=Plan.create(case=neighbour, drawn_up_on=days_ago(90), needs="n"), text="Work"
    )
    monday = week_start_of(days_ago(21))
    approved = make_week(mentor, monday)
    draft = make_week(other, monday, status=WeekStatus.DRAFT)

    def link(entry, case_file, goal):
        EntryCase.create(entry=entry, case_file=case_file, goal=goal)

    link(add_entry(approved, monday, 9 * 60, 11 * 60), case, housing)
    both = add_entry(draft, monday + timedelta(1), 10 * 60, 11 * 60 + 30)
    link(both, case, housing)
    link(both, neighbour, elsewhere)
    link(add_entry(approved, monday + timedelta(2), 8 * 60, 12 * 60), neighbour, elsewhere)
    link(add_entry(approved, monday + timedelta(3), 8 * 60, 9 * 60), case, None)
    return plan, housing, school


def test_minutes_per_goal_approved_and_filed_in_one_query(plan_goals):
    plan, housing, school = plan_goals
    with assert_query_count(1):
        minutes = queries.goal_minutes(plan)
    assert minutes == {
        housing.id: queries.GoalMinutes(approved=120, filed=210),
        school.id: queries.GoalMinutes(approved=0, filed=0),
    }


def test_the_plan_page_shows_the_hours_of_each_goal_named(client_as, plan_goals):
    plan, housing, school = plan_goals
    page = client_as(Role.SOCIAL_WORKER).get(f"/cases/{plan.case_id}/plan").get_data(as_text=True)
    assert "Mentors' hours: 2 h approved, 3.5 h filed in all" in page
    assert f'id="goal-{housing.id}-hours"' in page
    assert f'id="goal-{school.id}-hours"' not in page  # nothing named it
