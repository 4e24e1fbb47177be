"""A client's name typed into the minutes or into a week's return comment (an htmx form on the
team page) is warned about beside the field, the field focused and what was typed kept; ticked,
it saves. On the demo data, whose pages read Latvian."""

import pytest
from playwright.sync_api import Page, expect

from app.meetings.models import Meeting, MeetingStatus
from app.timesheets.models import Week
from tests.browser.conftest import DESKTOP, PHONE, demo_app, sign_in_to_demo

app = pytest.fixture(demo_app)

TEXT = "Tikāmies ar Ahmed Hassan; viņa tālrunis +371 2612 3456."


def test_minutes_naming_a_client_are_saved_only_once_confirmed(app, page: Page, browser_log):
    browser_log.allow_console_error("status of 422")
    with app.app_context():
        meeting = Meeting.get(Meeting.status == MeetingStatus.DRAFT)
    page.set_viewport_size(DESKTOP)
    sign_in_to_demo(page, "lead")
    page.goto(f"/meetings/{meeting.id}")
    page.locator(".minutes-editor summary").click()
    minutes = page.locator("#minutes-form textarea[name=minutes]")
    minutes.fill(TEXT)
    page.locator("#minutes-form button[type=submit]").first.click()

    warning = page.locator("#minutes-warning")
    expect(warning).to_contain_text("Ahmed Hassan")
    expect(warning).to_contain_text("+371 2612 3456")
    expect(page.locator("#minutes-form textarea[name=minutes]")).to_be_focused()
    expect(page.locator("#minutes-form textarea[name=minutes]")).to_have_value(TEXT)
    expect(warning).to_be_in_viewport()

    page.locator("#minutes-not-personal").check()
    page.locator("#minutes-form button[type=submit]").first.click()
    expect(page.locator(".minutes")).to_contain_text("Ahmed Hassan")
    expect(page.locator("#minutes-warning")).to_have_count(0)


def test_a_return_comment_naming_a_client_opens_again_with_the_warning_on_a_phone(
    app, page: Page, browser_log
):
    browser_log.allow_console_error("status of 422")
    with app.app_context():
        week = Week.select().where(Week.status == "submitted").order_by(Week.id).get()
        year, number, _day = week.week_start.isocalendar()
        mentor_id = week.mentor_id
    page.set_viewport_size(PHONE)
    sign_in_to_demo(page, "lead")
    page.goto(f"/timesheets/team?week={year}-W{number:02d}")
    row = page.locator(f"#mentor-{mentor_id}")
    row.locator(".comment-form summary").click()
    row.locator("textarea[name=comment]").fill(TEXT)
    row.locator(".comment-form button[type=submit]").click()

    row = page.locator(f"#mentor-{mentor_id}")
    warning = page.locator(f"#return-{mentor_id}-warning")
    expect(warning).to_contain_text("Ahmed Hassan")
    comment = row.locator("textarea[name=comment]")
    expect(comment).to_be_focused()
    expect(comment).to_have_value(TEXT)
    expect(warning).to_be_in_viewport()

    page.locator(f"#return-{mentor_id}-not-personal").check()
    row.locator(".comment-form button[type=submit]").click()
    expect(page.locator(f"#mentor-{mentor_id} .status-returned")).to_have_count(1)
