"""The coordinator plans a supervision for the mentors, invites them all, marks attendance;
the calendar reads on a phone."""

from playwright.sync_api import Page, expect

from app.calendar import local_today, month_start, next_month
from app.permissions import Role
from tests.browser.conftest import PHONE
from tests.factories import make_session


def test_coordinator_plans_a_supervision_invites_and_marks_attendance(
    page: Page, sign_in, users, shot, browser_log
):
    browser_log.allow_console_error("status of 422")  # the refused mark, on purpose
    sign_in(Role.COORDINATOR)
    page.goto("/training/")
    page.get_by_role("link", name="New session").click()

    form = page.locator("#session-form")
    expect(form.get_by_label("Date", exact=True)).to_have_value(local_today().isoformat())
    form.get_by_label("Kind").select_option(label="Group supervision")
    form.get_by_label("Topic").fill("Boundaries with clients")
    form.get_by_label("End", exact=True).fill("12:00")
    form.get_by_label("Audience", exact=True).select_option(label="Mentors")
    form.get_by_label("Also invite the whole audience").check()
    form.get_by_role("button", name="Save").click()

    session = page.locator("#training-session")
    expect(session.locator("h1")).to_have_text("Group supervision: Boundaries with clients")
    mentor = users[Role.MENTOR].display_name
    session.get_by_label(f"Attendance of {mentor}").select_option(label="Attended partly")
    # a bad mark is refused next to the person, the input kept
    session.get_by_label("Hours if partly").fill("5")
    session.get_by_role("button", name="Save attendance").click()
    expect(session.locator(".attendance-row .error")).to_contain_text("More than the session")
    expect(session.get_by_label("Hours if partly")).to_have_value("5")
    session.get_by_label("Hours if partly").fill("1,5")
    session.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#flashes")).to_contain_text("Attendance is saved.")
    expect(session.locator(".attendance-row .error")).to_have_count(0)
    shot("training-session")

    page.goto(f"/training/people/{users[Role.MENTOR].id}")
    expect(page.locator(".training-list")).to_contain_text("attended 1.5 h")
    expect(page.locator("#hours-months")).to_contain_text("1.5")


def test_the_calendar_on_a_phone(page: Page, sign_in, users, shot):
    today = local_today()
    make_session(users, today, topic="Monthly supervision")
    following = next_month(month_start(today))
    make_session(
        users, following.replace(day=10), topic="Law update", kind="Qualification training"
    )
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    page.goto("/training/")
    calendar = page.locator("#training-calendar")
    expect(calendar.locator(".training-grid")).to_be_hidden()
    expect(calendar.locator(".training-list")).to_contain_text("Monthly supervision")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-training-calendar")

    calendar.get_by_role("link", name="Next month").click()
    expect(page).to_have_url(f"/training/{following.year}/{following.month}")
    expect(calendar.locator(".training-list")).to_contain_text("Law update")
    expect(calendar.locator(".training-list")).not_to_contain_text("Monthly supervision")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    calendar.get_by_role("link", name="Law update").click()
    expect(page.locator("#training-session h1")).to_contain_text("Law update")
