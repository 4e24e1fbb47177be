"""The coordinator locks last month: the confirmation lists the week still submitted, and the
lock goes through only with a reason, which the months page then shows."""

from playwright.sync_api import Page, expect

from app.calendar import add_months, local_today, week_start_of
from app.permissions import Role
from app.timesheets.models import MonthLock, WeekStatus
from tests.factories import add_entry, make_week


def test_locking_a_month_with_a_week_still_open_asks_for_the_reason(
    page: Page, live_server, sign_in, users, shot, browser_log
):
    browser_log.allow_console_error("status of 422")
    last_month = add_months(local_today(), -1)
    monday = week_start_of(last_month.replace(day=8))
    week = make_week(users[Role.MENTOR], monday, status=WeekStatus.SUBMITTED)
    add_entry(week, monday, 540, 600)
    sign_in(Role.COORDINATOR)
    page.goto("/timesheets/months")
    page.locator(f'a[href="/timesheets/months/{last_month.year}/{last_month.month}/lock"]').click()

    still_open = page.locator("#still-open")
    expect(still_open).to_contain_text("1 week not approved")
    expect(still_open.get_by_role("link", name=users[Role.MENTOR].display_name, exact=False))
    page.get_by_role("button", name="Lock anyway").click()
    reason = page.get_by_label("Reason for locking now")
    expect(page.locator("#reason-error")).to_contain_text("give the reason")
    expect(reason).to_be_in_viewport()
    assert not MonthLock.select().exists()
    shot("month-lock-refused")

    reason.fill("Reported to the funder; the week follows.")
    page.get_by_role("button", name="Lock anyway").click()
    expect(page.locator(".flash-success")).to_contain_text("is locked")
    expect(page.locator("main")).to_contain_text("Reported to the funder; the week follows.")
    assert MonthLock.get().locked
