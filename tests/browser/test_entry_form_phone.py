"""The entry form on a phone: a refused save brings the field with the error into view with the
focus on it, and the case picker lists the mentor's own open case files as chips (colleagues'
only when searched), so Save is near the form's top."""

from playwright.sync_api import Page, expect

from app.permissions import Role
from tests.browser.conftest import PHONE, open_entry_form
from tests.conftest import create_user
from tests.factories import days_ago, make_case


def test_a_refused_save_shows_the_error_in_view_and_the_picker_is_compact(
    page: Page, sign_in, users, browser_log
):
    browser_log.allow_console_error("status of 422")
    mentor, worker = users[Role.MENTOR], users[Role.SOCIAL_WORKER]
    colleague = create_user("colleague", Role.MENTOR, supervisor=worker)
    for number in range(8):
        make_case(f"L-{number + 1:04d}", worker, mentor=mentor, opened_on=days_ago(60))
    for number in range(12):
        make_case(f"K-{number + 1:04d}", worker, mentor=colleague, opened_on=days_ago(60))
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    form = open_entry_form(page, start="14:00", end="13:00")

    chips = form.locator(".case-choice")
    expect(chips).to_have_count(8)  # the own ones; a colleague's only when searched
    top = form.bounding_box()["y"]
    save = form.get_by_role("button", name="Save")
    assert save.bounding_box()["y"] - top < 1.6 * PHONE["height"], save.bounding_box()

    form.get_by_label("Search case codes").fill("K-0003")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("covering")
    chips.first.get_by_role("checkbox").check()

    save.click()
    end = page.locator("#entry-form").get_by_label("End")
    expect(end).to_be_focused()
    expect(end).to_be_in_viewport()
    error = page.locator("#entry-form .error").first
    expect(error).to_contain_text("after the start")
    expect(error).to_be_in_viewport()
    # what was typed and ticked is kept
    expect(page.locator("#entry-form").get_by_label("Start")).to_have_value("14:00")
    expect(page.locator("#entry-form").get_by_label("K-0003")).to_be_checked()


def test_a_name_in_the_note_is_warned_about_beside_it_and_saved_once_confirmed(
    page: Page, sign_in, case_file, browser_log
):
    browser_log.allow_console_error("status of 422")
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    form = open_entry_form(page)
    note = "Met Ahmed Hassan about the school."
    form.get_by_label("Note").fill(note)
    form.get_by_role("button", name="Save").click()
    warning = page.locator("#note-warning")
    expect(warning).to_contain_text("a name (Ahmed Hassan)")
    expect(warning).to_be_in_viewport()
    expect(page.locator("#entry-form").get_by_label("Note")).to_be_focused()
    expect(page.locator("#entry-form").get_by_label("Note")).to_have_value(note)

    page.get_by_label("It is not a client's personal data: save it as it is").check()
    page.locator("#entry-form").get_by_role("button", name="Save").click()
    expect(page.locator("#flashes")).to_contain_text("The entry is saved:")
    expect(page.locator(".entry-note")).to_have_text(note)
