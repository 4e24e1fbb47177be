"""The coordinator's checklist and the compliance panel in a real browser: a red line leads to
the missing record, and once it is fixed the line turns green; the mentor's home on a phone."""

import re

from playwright.sync_api import Page, expect

from app.calendar import add_months, local_today, week_start_of, working_weeks
from app.meetings.models import CoverageReason
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from tests.browser.conftest import PHONE


def test_coordinator_follows_a_red_line_to_the_missing_week_and_fixes_it(
    page: Page,
    sign_in,
    users,
    shot,
    contract,  # noqa: F811
):
    today = local_today()
    first = add_months(today, -1)
    month = Period.get(Period.kind == PeriodKind.MONTH, Period.starts_on == first)
    # the weeks that owe a meeting (one with a working day in the month), all explained but the
    # first
    mondays = working_weeks(first, month.ends_on)
    CoverageReason.insert_many(
        [
            {"week_start": monday, "kind": "training", "set_by": users[Role.LEAD].id}
            for monday in mondays[1:]
        ]
    ).execute()
    year, number, _ = mondays[0].isocalendar()
    sign_in(Role.COORDINATOR)

    # the home page: last month's checklist, switched to this month and back with htmx
    checklist = page.locator("#checklist")
    expect(checklist.get_by_role("heading")).to_contain_text(f"{first:%B %Y}")
    checklist.get_by_role("link", name=re.compile("Next month")).click()
    expect(page.locator("#checklist").get_by_role("heading")).to_contain_text(f"{today:%B %Y}")
    expect(page).to_have_url(re.compile(r"/$"))

    # the panel, switched to last month
    page.get_by_role("link", name="Compliance").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contract compliance")
    page.get_by_label("Reporting period").select_option(str(month.id))
    page.get_by_role("button", name="Show").first.click()
    expect(page).to_have_url(re.compile(rf"period={month.id}"))
    line = page.locator("#rule-weekly_meeting")
    expect(line.locator(".rule-state")).to_have_text("Action needed")

    # the red line leads to the week on the coverage page, where a reason is recorded
    line.get_by_role("link", name=f"Week {number} ", exact=False).click()
    expect(page).to_have_url(re.compile(rf"/meetings/coverage\?contract=\d+#week-{year}-{number}$"))
    row = page.locator(f"#week-{year}-{number}")
    expect(row).to_have_class("coverage-missing")
    row.get_by_text("Give a reason").click()
    row.get_by_label("Reason").select_option(label="Public holiday")
    row.get_by_role("button", name="Save the reason").click()
    expect(page.locator(f"#week-{year}-{number}")).to_have_class("coverage-excused")

    # back on the panel the line is green
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/compliance/\?period={month.id}$"))
    expect(page.locator("#rule-weekly_meeting .rule-state")).to_have_text("OK")
    expect(page.locator("#rule-weekly_meeting .findings")).to_have_count(0)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-compliance-panel")


def test_mentor_home_on_a_phone_by_keyboard(page: Page, sign_in, users, shot):
    page.set_viewport_size(PHONE)
    mentor = sign_in(Role.MENTOR)
    for heading in ("This week", "Weeks sent back to me", "Next supervision"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-home-mentor")

    link = page.get_by_role("link", name="Open my timesheet")
    for _ in range(30):  # the skip link, the menu, then the dashboard's first link
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    year, number, _ = week_start_of(local_today()).isocalendar()
    expect(page).to_have_url(re.compile(rf"/timesheets/{mentor.id}/{year}/{number}$"))
