"""A save that fails: the message box says why (the server's own words, else the page's for the
status, or that the network is down), in view on a phone, and the form keeps what was typed."""

from playwright.sync_api import Page, expect

from app.db import Trouble
from app.permissions import Role
from app.timesheets import services
from tests.browser.conftest import PHONE, open_entry_form
from tests.core.failures import make_writes_fail, write_too_much

NOTE = "L-0001: met at the reception centre, with the interpreter"
#: the page's own messages, for an answer that carries none
PAGE_SAYS = {
    403: "Your role does not allow this action.",
    409: "This was changed or sent meanwhile. Check the page before you try again.",
    413: "The file is too large.",
    503: "The database cannot be reached right now. Please try again in a few minutes.",
}


def filled_entry_form(page: Page):
    """The week's new-entry form for Monday, filled in, not yet sent."""
    form = open_entry_form(page)
    form.get_by_label("Note").fill(NOTE)
    return form


def answering(status: int):
    """A route handler that answers with `status` and nothing else, as a proxy in between may."""
    return lambda route: route.fulfill(status=status, body="")


def expect_kept(form) -> None:
    expect(form.get_by_label("Start")).to_have_value("09:00")
    expect(form.get_by_label("End")).to_have_value("11:00")
    expect(form.get_by_label("Note")).to_have_value(NOTE)


def test_a_save_on_a_full_disk_says_so_and_keeps_the_form_on_a_phone(
    page: Page, sign_in, browser_log, monkeypatch, shot
):
    browser_log.allow_console_error("status of 503|Code 503 from")  # the browser's, htmx's
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    form = filled_entry_form(page)
    monkeypatch.setattr(services, "save_entry", write_too_much)
    make_writes_fail(Trouble.DISK_FULL)

    form.get_by_role("button", name="Save").click()

    box = page.locator("#htmx-error")
    expect(box).to_have_text(
        "The server's disk is full, so nothing was saved. Please tell the administrator, then "
        "try again."
    )
    expect(box).to_be_in_viewport()
    expect_kept(form)
    shot("phone-disk-full")


def test_without_the_servers_words_the_page_says_it_for_the_status_or_the_network(
    page: Page, sign_in, browser_log
):
    # the browser and htmx note each failure on the console, the request that never left too
    browser_log.allow_console_error(r"(status of|Code) (403|409|413|503)")
    browser_log.allow_console_error(r"ERR_INTERNET_DISCONNECTED|htmx:(afterRequest|sendError)")
    sign_in(Role.MENTOR)
    form = filled_entry_form(page)
    box = page.locator("#htmx-error")
    for status, message in PAGE_SAYS.items():
        page.route("**/timesheets/entries", answering(status))
        form.get_by_role("button", name="Save").click()
        expect(box).to_have_text(message)
        expect_kept(form)
        page.unroute("**/timesheets/entries")

    page.context.set_offline(True)
    form.get_by_role("button", name="Save").click()
    expect(box).to_have_text("No connection to the server. Check the network and try again.")
    expect_kept(form)
    page.context.set_offline(False)
