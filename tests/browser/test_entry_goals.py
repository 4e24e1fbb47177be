"""On a phone, a mentor names the plan goal an entry served: the select appears once the case
is ticked, the row shows the goal cut short without widening the page, and the plan page counts
the hours for that goal."""

from playwright.sync_api import Page, expect

from app.permissions import Role
from app.plans.models import Plan, PlanGoal
from tests.browser.conftest import PHONE, open_entry_form

LONG_GOAL = (
    "Register with the State Employment Agency, attend the Latvian language course twice a "
    "week and prepare a CV for the first job interviews"
)


def test_a_mentor_names_the_goal_served_and_the_plan_counts_its_hours(
    page: Page, sign_in, case_file, shot
):
    plan = Plan.create(case=case_file, drawn_up_on=case_file.opened_on, needs="n")
    PlanGoal.create(plan=plan, text="Find a school place", sort_order=1)
    goal = PlanGoal.create(plan=plan, text=LONG_GOAL, sort_order=2)
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)

    form = open_entry_form(page)
    select = form.locator("#goal-L-0042")
    expect(select).to_have_count(0)  # no case ticked yet
    form.get_by_label("L-0042").check()
    expect(select).to_be_visible()  # loaded for the ticked case
    expect(select.locator("option")).to_have_count(3)  # "—" and the two goals
    select.select_option(label=LONG_GOAL)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-entry-goal-form")
    form.get_by_role("button", name="Save").click()

    row = page.locator(".entry")
    expect(row).to_have_count(1)
    shown = row.locator(".entry-goal")
    expect(shown).to_have_attribute("title", LONG_GOAL)
    expect(shown).to_contain_text("Register with the State Employment Agency")
    box = shown.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-entry-goal")

    # editing offers the goal chosen
    row.get_by_role("link", name="Edit").click()
    expect(page.locator("#goal-L-0042")).to_have_value(f"L-0042:{goal.id}")
    page.locator("#entry-form").get_by_role("link", name="Cancel").click()

    page.goto(f"/cases/{case_file.id}/plan")
    hours = page.locator(f"#goal-{goal.id}-hours")
    expect(hours).to_have_text("Mentors' hours: 0 h approved, 2 h filed in all")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
