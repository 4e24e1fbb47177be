"""The coordinator copies last week's roster, sees a day over the cap, fixes it and sends the
week; the funder opens the sent roster; a social worker on a phone taps "I was there"."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from app.calendar import local_today, week_param, week_start_of
from app.permissions import Role
from app.roster.models import RosterCap, RosterShift, RosterWeek
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import extra_mentors


def sign_out(page: Page) -> None:
    menu = page.locator("#menu > summary")
    if menu.is_visible():  # the phone's menu; on a desktop the navigation is open
        menu.click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#username")).to_be_visible()


def test_copied_fixed_sent_read_by_the_funder_and_confirmed_on_a_phone(
    page: Page, live_server, sign_in, users, shot, browser_log
):
    this_monday = week_start_of(local_today())
    last_monday = this_monday - timedelta(days=7)
    worker = users[Role.SOCIAL_WORKER]
    mentors = [users[Role.MENTOR], *extra_mentors(2, worker)]
    RosterCap.create(
        valid_from=last_monday - timedelta(days=7), max_mentors=2, created_by=users[Role.ADMIN]
    )
    last_week = RosterWeek.create(week_start=last_monday)
    for person, start, duty in [
        (worker, 540, False),
        *((m, 600, i == 0) for i, m in enumerate(mentors)),
    ]:
        RosterShift.create(
            week=last_week,
            day=last_monday,
            person=person,
            start_minute=start,
            end_minute=1050,
            duty=duty,
        )
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(DESKTOP)

    # the coordinator copies last week into this one
    sign_in(Role.COORDINATOR)
    page.goto(f"/roster/{week_param(this_monday)}")
    page.get_by_role("link", name="Copy last week…").click()
    preview = page.locator("#copy-preview")
    expect(preview).to_contain_text(f"{worker.display_name}, 09:00–17:30")
    preview.get_by_role("button", name="Add these shifts").click()
    monday_row = page.locator(f"#day-{this_monday.isoformat()}")
    expect(monday_row.locator(".roster-shift")).to_have_count(4)
    expect(monday_row).to_contain_text(f"Duty mentor: {mentors[0].display_name}")

    # sees the breach: three mentors on Monday, the cap allows two
    breach = page.locator(".roster-breaches")
    expect(breach).to_contain_text("3 mentors on site planned on the roster, the cap allows 2.")
    shot("roster-breach-desktop")

    # edits one mentor's shift in place, and removes another's: the breach is gone
    monday_row.get_by_role("link", name=f"Edit {mentors[1].display_name}").click()
    form = page.locator("#shift-form")
    form.get_by_label("To", exact=True).fill("14:00")
    form.get_by_role("button", name="Save").click()
    expect(monday_row).to_contain_text("10:00–14:00")
    monday_row.get_by_role("button", name=f"Remove {mentors[2].display_name}").click()
    expect(monday_row.locator(".roster-shift")).to_have_count(3)
    expect(page.locator(".roster-breaches")).to_have_count(0)

    # sends it: read-only from now on
    page.get_by_role("button", name="Mark sent to the funder").click()
    expect(page.locator(".status")).to_have_text("Sent to the funder")
    expect(page.get_by_role("link", name="Add a shift")).to_have_count(0)
    expect(page.get_by_role("link", name="Download the roster (DOCX)")).to_be_visible()
    sign_out(page)

    # the funder opens the sent roster from the list
    sign_in(Role.AUDITOR)
    page.goto("/roster/")
    page.get_by_role("link", name=f"Week {this_monday.isocalendar()[1]}:").click()
    expect(page.locator("#roster-title")).to_contain_text(f"week {this_monday.isocalendar()[1]}")
    expect(page.locator(".roster-grid")).to_contain_text(mentors[0].display_name)
    expect(page.get_by_role("button", name="I was there")).to_have_count(0)
    sign_out(page)

    # the social worker, on a phone, confirms being there on Monday
    page.set_viewport_size(PHONE)
    sign_in(Role.SOCIAL_WORKER)
    page.goto(f"/roster/{week_param(this_monday)}")
    mine = page.locator(f"#day-{this_monday.isoformat()}")
    expect(mine.get_by_role("button", name="I was there")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("roster-phone")
    mine.get_by_role("button", name="I was there").click()
    expect(mine.locator(".badge-ok")).to_have_text("was there")
    expect(page.locator(".flash-success")).to_contain_text("Your presence is confirmed.")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shifts = RosterShift.select().where(
        RosterShift.day == this_monday, RosterShift.person == worker
    )
    assert [s.confirmed_at is not None for s in shifts] == [True]
