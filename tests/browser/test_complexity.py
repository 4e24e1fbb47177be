"""The lead rates last month's open case files on the grid, agrees the month with the funder,
and the checklist's complexity line turns green."""

import re

from playwright.sync_api import Page, expect

from app.calendar import add_months, local_today
from app.complexity.models import ComplexityRating
from app.permissions import Role
from tests.factories import days_ago, make_case


def test_the_lead_rates_a_month_agrees_it_and_the_checklist_line_turns_green(
    page: Page, sign_in, users, shot
):
    month = add_months(local_today(), -1)
    worker = users[Role.SOCIAL_WORKER]
    first, second = (make_case(code, worker, opened_on=days_ago(150)) for code in ("B-1", "B-2"))
    ComplexityRating.create(
        case=first, month=add_months(month, -1), level="v", rated_by=users[Role.LEAD]
    )
    sign_in(Role.LEAD)
    checklist = f"/compliance/checklist?month={month:%Y-%m}"
    page.goto(checklist)
    line = page.locator("#rule-complexity_rated")
    expect(line.locator(".rule-state")).to_have_text("Action needed")

    # the red line leads to the month's grid
    line.get_by_role("link", name=re.compile("Every open case file rated")).click()
    expect(page).to_have_url(re.compile(rf"/complexity/{month:%Y-%m}$"))
    row = page.locator("#case-B-1")
    expect(row).to_contain_text("suggested: V (last month)")
    expect(row.get_by_label("V")).not_to_be_checked()
    row.get_by_label("V").check()
    page.locator("#case-B-2").get_by_label("Z").check()
    page.get_by_label("Note on B-2").fill("stabils")
    shot("complexity-grid")
    page.get_by_role("button", name="Save the ratings").click()
    expect(page.locator(".flash-success")).to_contain_text("2 ratings saved.")
    expect(page.locator("#case-B-1").get_by_label("V")).to_be_checked()

    page.get_by_label("How it was agreed").fill("e-pasts fondam")
    page.get_by_role("button", name="Mark as agreed").click()
    expect(page.locator("#complexity-state")).to_contain_text("e-pasts fondam")
    expect(page.get_by_role("button", name="Save the ratings")).to_have_count(0)
    assert {rating.case_id for rating in ComplexityRating.select()} == {first.id, second.id}

    page.goto(checklist)
    expect(page.locator("#rule-complexity_rated .rule-state")).to_have_text("OK")
