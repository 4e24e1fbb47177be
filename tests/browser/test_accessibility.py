"""axe-core on every main page of every role, on the demo organisation's data: no violation of
any impact. The pages are those of each role's own menu (so a new menu entry is checked as
soon as it exists), read at a phone's size for the mentor and a desktop's for the others."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import DESKTOP, PHONE, demo_app, sign_in_to_demo

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


app = pytest.fixture(demo_app)


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
    sign_in_to_demo(page, username)
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
