"""No action of the app makes the browser report a Content-Security-Policy violation, even on a
page where a browser tool (a screenshot, an accessibility checker, a password manager) left
style attributes on the form: htmx does not copy them onto the swapped-in elements."""

from playwright.sync_api import Page, expect

from app.permissions import Role
from tests.browser.conftest import PHONE, open_entry_form

LEFT_BY_A_TOOL = """() => document.querySelectorAll("[id]").forEach((element) => {
  element.style.caretColor = "auto";
})"""


def test_two_failed_saves_in_a_row_report_no_csp_violation(
    page: Page, sign_in, case_file, browser_log
):
    browser_log.allow_console_error("status of 422")
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    page.goto("/timesheets/")
    form = open_entry_form(page, start="14:00", end="13:00")
    page.evaluate(LEFT_BY_A_TOOL)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#entry-form .error")).to_contain_text("after the start")
    page.evaluate(LEFT_BY_A_TOOL)
    page.locator("#entry-form").get_by_role("button", name="Save").click()
    expect(page.locator("#entry-form .error")).to_contain_text("after the start")
    # the page fixture fails the test on the CSP reporter's console error, if any
