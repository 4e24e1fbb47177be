"""axe-core on every main page of every role, on the demo organisation's data: no violation of
any impact. The pages are those of each role's own menu (so a new menu entry is checked as
soon as it exists), read at a phone's size for the mentor and a desktop's for the others."""

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from app.auth.passwords import DEMO_PASSWORD
from app.db import db
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import make_app

#: pages a role reaches from its menu's pages rather than the menu itself
MORE_PAGES = {"mentor1": ["/timesheets/entries/new"]}  # the entry form as its own page (no JS)
#: the demo's accounts, one per role, and the screen each works on
ACCOUNTS = {
    "mentor1": PHONE,
    "worker": DESKTOP,
    "lead": DESKTOP,
    "coordinator": DESKTOP,
    "admin": DESKTOP,
    "auditor": DESKTOP,
}
AXE = Axe()


@pytest.fixture
def app(demo_folder, tmp_path):
    """This module's pages run on a copy of the demo organisation."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, migrated=False)
    yield application
    db.close_all()


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#password").press("Enter")
    expect(page.locator("#username")).to_have_count(0)


def violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{page.url}: {rule['id']} ({rule['impact']}) {node['target']}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_every_page_of_the_roles_menu_has_no_axe_violation(page: Page, app, username):
    page.set_viewport_size(ACCOUNTS[username])
    sign_in(page, username)
    links = page.eval_on_selector_all(
        "nav[aria-label] a[href^='/']",
        "links => [...new Set(links.map(a => a.getAttribute('href')))]",
    )
    assert len(links) >= 3, links
    found = violations(page)
    for href in links + MORE_PAGES.get(username, []):
        page.goto(href, timeout=60_000)  # some pages build for seconds on a busy machine
        found += violations(page)
    assert found == [], "\n".join(found)
