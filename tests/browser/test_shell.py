"""The shell in a real browser: sign-in and sign-out, language, access denied, menu, htmx, focus."""

import re

from playwright.sync_api import Page, expect

from app.permissions import Role
from tests.browser.conftest import DESKTOP, PHONE, set_account_language
from tests.conftest import PASSWORD, create_user


def test_mentor_signs_in_and_out_on_a_phone(page: Page, live_server, users):
    mentor = users[Role.MENTOR]
    set_account_language(mentor, "en")
    page.set_viewport_size(PHONE)

    page.goto("/")  # not signed in: sent to the login form
    expect(page).to_have_url(re.compile(r"/login\?next=/"))
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(mentor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {mentor.display_name}")

    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/")  # the session is really gone
    expect(page).to_have_url(re.compile(r"/login\?next=/"))


def test_wrong_password_shows_the_generic_message_and_keeps_the_username(
    page: Page, users, browser_log
):
    browser_log.allow_console_error(r"status of 422")
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "lv")  # the default UI language
    page.locator("#username").fill(users[Role.MENTOR].username)
    page.locator("#password").fill("not the password")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#password").press("Enter")

    assert answer.value.status == 422
    expect(page.locator("#login-error")).to_be_visible()
    expect(page.locator("#login-error")).to_have_attribute("role", "alert")
    expect(page.locator("#username")).to_have_value(users[Role.MENTOR].username)
    expect(page.locator("#password")).to_have_value("")  # never echoed back
    expect(page.locator("#menu")).to_have_count(0)


def test_language_switch_on_the_login_page(page: Page, shot):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "lv")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    shot("login")

    page.get_by_role("button", name="Latviešu").click()
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page.get_by_role("button", name="Latviešu")).to_have_attribute("aria-pressed", "true")


def test_mentor_gets_the_error_page_for_user_administration(page: Page, sign_in, browser_log):
    browser_log.allow_console_error(r"status of 403")
    sign_in(Role.MENTOR)

    response = page.goto("/admin/users")

    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Access denied")
    expect(page.locator("#error-title")).to_be_visible()
    expect(page.get_by_role("link", name="Home page")).to_be_visible()
    expect(page.locator("#user-table")).to_have_count(0)


def test_phone_menu_opens_and_leads_to_the_users_page(page: Page, live_server, sign_in, shot):
    page.set_viewport_size(PHONE)
    sign_in(Role.ADMIN)
    menu = page.locator("details#menu")
    nav_links = menu.locator("nav a")

    expect(menu.locator(":scope > summary")).to_be_visible()
    expect(menu.locator(":scope > summary")).to_have_text("Menu")
    expect(nav_links.first).to_be_hidden()

    menu.locator(":scope > summary").click()
    expect(menu).to_have_attribute("open", "")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Home")).to_be_visible()  # the day's work first
    expect(nav.get_by_role("link", name="Users")).to_be_hidden()
    nav.get_by_text("Settings", exact=True).click()
    expect(nav.get_by_role("link", name="Users")).to_be_visible()
    expect(nav.get_by_role("link", name="Audit log")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("phone-menu")

    page.keyboard.press("Escape")  # closes the group first, then the menu
    expect(nav.get_by_role("link", name="Users")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(nav_links.first).to_be_hidden()
    expect(menu.locator(":scope > summary")).to_be_focused()
    menu.locator(":scope > summary").click()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(nav_links.first).to_be_hidden()
    menu.locator(":scope > summary").click()
    nav.get_by_text("Settings", exact=True).click()

    nav.get_by_role("link", name="Users").click()
    expect(page).to_have_url(f"{live_server}/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    expect(page.locator("#user-table")).to_be_visible()
    expect(nav_links.first).to_be_hidden()  # a new page starts with the menu closed
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # the table's own columns fit too: nothing hides off to the right on a phone
    table = page.locator(".table-wrap")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")


def test_desktop_shows_the_navigation_without_opening_the_menu(page: Page, sign_in):
    page.set_viewport_size(DESKTOP)
    sign_in(Role.ADMIN)

    nav = page.get_by_role("navigation", name="Main navigation")
    expect(page.locator("details#menu > summary")).to_be_hidden()
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    expect(nav.get_by_role("link", name="Users")).to_be_hidden()
    nav.get_by_text("Settings", exact=True).click()
    for name in ("Users", "Audit log"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    page.locator("main").click(position={"x": 5, "y": 5})  # a click elsewhere closes it
    expect(nav.get_by_role("link", name="Users")).to_be_hidden()


def test_the_leads_menu_is_grouped_with_the_days_work_first(page: Page, sign_in):
    page.set_viewport_size(DESKTOP)
    sign_in(Role.LEAD)
    nav = page.get_by_role("navigation", name="Main navigation")
    top = nav.locator(".nav-list > li")
    assert top.count() <= 9, top.all_inner_texts()
    expect(top.first).to_have_text("Home")
    for name in ("Timesheets", "Approvals"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    nav.get_by_text("Meetings and training", exact=True).click()
    expect(nav.get_by_role("link", name="Meetings", exact=True)).to_be_visible()
    nav.get_by_text("Register and reports", exact=True).click()  # one group open at a time
    expect(nav.get_by_role("link", name="Risk register")).to_be_visible()
    expect(nav.get_by_role("link", name="Meetings", exact=True)).to_be_hidden()
    nav.get_by_role("link", name="Risk register").click()
    expect(page.locator("#nav-reports")).to_have_class(re.compile("nav-current"))

    page.set_viewport_size(PHONE)
    page.locator("#menu > summary").click()
    for name in ("Home", "Timesheets", "Approvals"):
        expect(nav.get_by_role("link", name=name)).to_be_in_viewport()


def test_status_filter_updates_the_user_table_in_place(page: Page, sign_in):
    create_user("gone", Role.MENTOR, display_name="Gone Away", active=False)
    sign_in(Role.ADMIN)
    page.goto("/admin/users")
    table = page.locator("#user-table")
    expect(table).to_contain_text("Admin")
    expect(table).not_to_contain_text("Gone Away")
    page.evaluate("window.__marker = 1")

    with page.expect_request(lambda r: r.headers.get("hx-request") == "true") as sent:
        page.get_by_label("Status").select_option("all")

    assert "status=all" in sent.value.url
    expect(table).to_contain_text("Gone Away")
    expect(table.get_by_text("Deactivated")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/users\?.*status=all"))
    assert page.evaluate("window.__marker") == 1  # same document: no full page load
    expect(page.get_by_role("heading", level=1)).to_have_count(1)  # no page nested in the table


def test_tab_reaches_the_username_field_with_a_visible_outline(page: Page):
    page.goto("/login")

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.locator(".brand a")).to_be_focused()
    page.keyboard.press("Tab")

    username = page.locator("#username")
    expect(username).to_be_focused()
    outline = username.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline
