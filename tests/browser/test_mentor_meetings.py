"""On a phone, a social worker opens the log from the home page, logs a remote meeting with
their mentor in a few taps, and sees it in the log; the mentor then sees it too."""

from playwright.sync_api import Page, expect

from app.mentor_meetings.models import MentorMeeting, Mode
from app.permissions import Role
from tests.browser.conftest import PHONE


def no_page_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_social_worker_logs_a_meeting_on_a_phone(page: Page, live_server, sign_in, users):
    page.set_viewport_size(PHONE)
    sign_in(Role.SOCIAL_WORKER)
    page.locator("#mentor-meetings-heading").scroll_into_view_if_needed()
    page.get_by_role("link", name="Log a meeting").click()
    form = page.locator("#mentor-meeting-form")
    # the only mentor and today are chosen already: pick how, add a note, save
    expect(form.get_by_label("Mentor")).to_have_value(str(users[Role.MENTOR].id))
    form.get_by_label("Remote").check()
    form.get_by_label("Note").fill("Next steps for L-0042")
    no_page_scroll(page)
    form.get_by_role("button", name="Log the meeting").click()
    expect(page.locator("#flashes")).to_contain_text("The meeting is logged.")
    expect(page.locator(".mentor-meetings")).to_contain_text("Next steps for L-0042")
    no_page_scroll(page)
    meeting = MentorMeeting.get()
    assert (meeting.mentor_id, meeting.mode) == (users[Role.MENTOR].id, Mode.REMOTE)

    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(Role.MENTOR)
    page.goto("/mentor-meetings/")
    expect(page.locator(".mentor-meetings")).to_contain_text("Next steps for L-0042")
    expect(page.locator("#mentor-meeting-form")).to_have_count(0)
    no_page_scroll(page)
