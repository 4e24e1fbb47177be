"""A lost answer on a phone: the entry is saved, the browser never hears so, the mentor taps Save
again, and the week holds the entry once."""

from playwright.sync_api import Page, Route, expect

from app.calendar import local_today, week_start_of
from app.idempotency import REPLAY_HEADER
from app.permissions import Role
from app.timesheets.models import Entry
from tests.browser.conftest import PHONE, open_entry_form

KEY_INPUT = "#entry-form input[name=idempotency_key]"
#: the form's own fields as the browser would post them, sent again with fetch
REPOST = """async ([url, pairs]) => {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const answer = await fetch(url, {
    method: "POST",
    body: new URLSearchParams(pairs),
    headers: {"HX-Request": "true", "X-CSRFToken": token},
  });
  return [answer.status, answer.headers.get("Idempotent-Replay")];
}"""


def test_a_retried_entry_whose_answer_was_lost_is_saved_once(
    page: Page, sign_in, case_file, browser_log
):
    # the answer we drop on purpose: the browser notes it, and htmx its error events
    browser_log.allow_console_error(r"net::ERR_FAILED|^htmx:(afterRequest|sendError) ")
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    form = open_entry_form(page)
    form.get_by_label("L-0042").check()
    monday = page.locator(f"#day-{week_start_of(local_today()).isoformat()}")
    key = page.locator(KEY_INPUT).input_value()
    posted = page.evaluate("() => [...new FormData(document.getElementById('entry-form'))]")

    def lose_the_answer(route: Route) -> None:
        route.fetch()  # the server saves the entry and answers...
        route.abort("failed")  # ...and the answer never reaches the phone

    page.route("**/timesheets/entries", lose_the_answer, times=1)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#htmx-error")).to_contain_text("No connection to the server")
    expect(monday.locator(".entry")).to_have_count(0)  # the phone does not know it is saved
    assert Entry.select().count() == 1
    assert page.locator(KEY_INPUT).input_value() == key  # a retry keeps the key

    with page.expect_response("**/timesheets/entries") as retried:
        form.get_by_role("button", name="Save").click()
    assert retried.value.headers[REPLAY_HEADER.lower()] == "true"
    expect(monday.locator(".entry")).to_have_count(1)
    expect(monday.locator(".day-total")).to_have_text("2 h")
    expect(page.locator("#htmx-error")).to_be_hidden()

    # the same form posted once more, as a second lost-answer retry would
    assert page.evaluate(REPOST, ["/timesheets/entries", posted]) == [200, "true"]
    assert Entry.select().count() == 1
    page.reload()
    expect(monday.locator(".entry")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the next entry's form has a key of its own
    monday.get_by_role("link", name="Add entry").click()
    assert page.locator(KEY_INPUT).input_value() not in ("", key)
