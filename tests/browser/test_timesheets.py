"""A mentor files and submits a week on a phone; the social worker returns it; fixed; approved."""

from playwright.sync_api import Page, expect

from app.calendar import local_today, week_start_of
from app.permissions import Role
from tests.browser.conftest import PHONE


def sign_out(page: Page) -> None:
    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#username")).to_be_visible()


def monday_section(page: Page):
    return page.locator(f"#day-{week_start_of(local_today()).isoformat()}")


def test_week_filed_returned_fixed_and_approved_on_a_phone(
    page: Page, live_server, sign_in, users, case_file, shot, browser_log
):
    browser_log.allow_console_error("status of 422")
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(Role.MENTOR)
    page.goto("/timesheets/")
    monday = monday_section(page)

    # add
    monday.get_by_role("link", name="Add entry").click()
    form = page.locator("#entry-form")
    expect(form.get_by_label("Date")).to_be_focused()  # keyboard users land in the form
    form.get_by_label("Start").fill("09:00")
    form.get_by_label("End").fill("11:00")
    form.get_by_label("Place").select_option("remote")
    form.get_by_label("L-0042").check()
    page.evaluate("document.getElementById('flashes').dataset.kept = 'yes'")
    form.get_by_role("button", name="Save").click()
    expect(monday.locator(".entry")).to_have_count(1)
    # said in the page's live region (the same element, so screen readers announce it), and
    # the new entry marked
    expect(page.locator("#flashes")).to_contain_text("The entry is saved:")
    expect(page.locator("#flashes")).to_have_attribute("data-kept", "yes")
    expect(page.locator("#flashes")).to_have_attribute("aria-live", "polite")
    expect(monday.locator(".entry.entry-saved")).to_have_count(1)
    expect(monday.locator(".day-total")).to_have_text("2 h")
    expect(page.locator(".week-total")).to_contain_text("2 h")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-week")

    # edit
    monday.get_by_role("link", name="Edit").click()
    page.locator("#entry-form").get_by_label("End").fill("12:00")
    page.locator("#entry-form").get_by_role("button", name="Save").click()
    expect(monday.locator(".day-total")).to_have_text("3 h")

    # duplicate, move, then delete the copy
    monday.get_by_role("link", name="Duplicate").click()
    copy = page.locator("#entry-form")
    copy.get_by_label("Start").fill("13:00")
    copy.get_by_label("End").fill("14:00")
    copy.get_by_role("button", name="Save").click()
    expect(monday.locator(".entry")).to_have_count(2)
    monday.locator(".entry").nth(1).get_by_role("button", name="Delete").click()
    expect(monday.locator(".entry")).to_have_count(1)

    # an invalid time is explained beside the field, the form stays
    monday.get_by_role("link", name="Add entry").click()
    bad = page.locator("#entry-form")
    bad.get_by_label("Start").fill("10:00")
    bad.get_by_label("End").fill("11:00")
    bad.get_by_role("button", name="Save").click()
    expect(page.locator("#start-error")).to_contain_text("overlaps")
    page.locator("#entry-form").get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="Submit the week for approval").click()
    expect(page.locator("#week .status")).to_have_text("Submitted")
    week_url = page.url
    sign_out(page)

    # the social worker returns it with a comment
    sign_in(Role.SOCIAL_WORKER)
    page.goto(week_url)
    page.locator("summary", has_text="Return with a comment").click()
    page.locator("#return-comment").fill("Please add a note on L-0042.")
    page.locator("#return-comment").press("Tab")
    page.get_by_role("button", name="Return with a comment").last.click()
    expect(page.locator("#week .status")).to_have_text("Returned")
    sign_out(page)

    # the mentor sees the comment, fixes, resubmits
    sign_in(Role.MENTOR)
    page.goto(week_url)
    expect(page.locator(".notice-returned")).to_contain_text("Please add a note on L-0042.")
    monday_section(page).get_by_role("link", name="Edit").click()
    page.locator("#entry-form").get_by_label("Note").fill("Call with the migration office.")
    page.locator("#entry-form").get_by_role("button", name="Save").click()
    expect(monday_section(page).locator(".entry-note")).to_have_text(
        "Call with the migration office."
    )
    page.get_by_role("button", name="Submit the week for approval").click()
    expect(page.locator("#week .status")).to_have_text("Submitted")
    sign_out(page)

    # approved
    sign_in(Role.SOCIAL_WORKER)
    page.goto(week_url)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#week .status")).to_have_text("Approved")
    expect(page.locator("#history-title")).to_be_visible()
