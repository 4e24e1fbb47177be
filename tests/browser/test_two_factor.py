"""Two-factor sign-in in a real browser, on a phone: set up from the shown key, sign out, sign
in with the password and a code."""

import re
import time

import pyotp
from playwright.sync_api import Page, expect

from app.permissions import Role
from tests.browser.conftest import PHONE
from tests.conftest import PASSWORD


def test_enrol_sign_out_and_sign_in_with_a_code_on_a_phone(page: Page, live_server, sign_in, shot):
    page.set_viewport_size(PHONE)
    mentor = sign_in(Role.MENTOR)

    page.goto("/account/two-factor")
    qr = page.locator("svg.qr-code")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] <= PHONE["width"]  # the whole code fits the screen
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code from the authenticator app").fill(totp.now())
    shot("two-factor-setup-phone")
    page.get_by_role("button", name="Turn on the second factor").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(f"{live_server}/")

    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server}/login")

    page.get_by_label("Username").fill(mentor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/login/code")
    page.get_by_label("Code from the authenticator app").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f"Welcome, {mentor.display_name}")
    )
