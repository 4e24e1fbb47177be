"""Browser tests: the app on a live server thread, driven by Debian's Chromium through Playwright.

One browser for the session, a fresh context (cookies, storage, viewport) per test. Every page
is watched: a console error, an uncaught script error or a request to any other host than the
live server fails the test.
"""

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.calendar import local_today, week_start_of
from app.cases.models import CaseFile
from app.db import db
from app.permissions import Role
from tests.conftest import PASSWORD, make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path("/tmp/shots")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
#: milliseconds; a local server answers in a few, so a stuck wait should fail fast
TIMEOUT = 5000
#: schemes that never leave the browser
LOCAL_SCHEMES = {"data", "blob", "about"}
#: every Content-Security-Policy violation becomes a console error, which fails the test
CSP_REPORTER = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} by ${event.sourceFile}`);
});"""


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test's app served on a free port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # a short poll interval: shutdown() waits for it, after every test
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium; a missing browser fails the suite rather than skipping it."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's "
            "package (apt-get install chromium). `playwright install` cannot download here.",
            pytrace=False,
        )
    expect.set_options(timeout=TIMEOUT)
    try:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    except PlaywrightError as error:
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
    yield launched
    launched.close()


class BrowserLog:
    """What the pages of one test did that a user would not see: errors and network requests."""

    def __init__(self, base_url: str):
        self.host = urlsplit(base_url).netloc
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        self.allowed: list[re.Pattern] = []

    def watch(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda web_error: self.page_errors.append(str(web_error.error)))

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def allow_console_error(self, pattern: str) -> None:
        """Expect a console error matching `pattern` (e.g. the browser's note on a 403 page)."""
        self.allowed.append(re.compile(pattern))

    def problems(self) -> list[str]:
        found = [
            f"console error: {text}"
            for text in self.console_errors
            if not any(pattern.search(text) for pattern in self.allowed)
        ]
        found += [f"page error: {text}" for text in self.page_errors]
        found += [
            f"request to another host: {url}"
            for url in self.requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != self.host
        ]
        return found


@pytest.fixture
def browser_log(live_server: str) -> BrowserLog:
    return BrowserLog(live_server)


@pytest.fixture
def page(browser: Browser, live_server: str, browser_log: BrowserLog) -> Iterator[Page]:
    """A page in a new context; afterwards, no console/page errors and no foreign requests."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT)
    context.add_init_script(CSP_REPORTER)
    browser_log.watch(context)
    try:
        yield context.new_page()
    finally:
        context.close()
    problems = browser_log.problems()
    assert not problems, "the browser saw:\n" + "\n".join(problems)
    assert browser_log.requests, "the page made no request at all"


@pytest.fixture
def shot(page: Page) -> Callable[[str], Path]:
    """shot(name) saves a screenshot of the page to /tmp/shots/<name>.png (not committed)."""

    def take(name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def set_account_language(user: User, language: str) -> None:
    User.update(language=language).where(User.id == user.id).execute()


@pytest.fixture
def sign_in(page: Page, live_server: str, users: dict[str, User]) -> Callable[[str], User]:
    """sign_in(role): that role's user signs in through the form, in the English UI.

    The account's language is set to English first: after sign-in the account's language wins
    over the one chosen on the login page, and these tests read English words whatever the
    Latvian catalog holds.
    """

    def sign_in_as(role: str) -> User:
        user = users[role]
        set_account_language(user, "en")
        page.goto("/login")
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{live_server}/")
        return user

    return sign_in_as


@pytest.fixture
def case_file(users):
    """The mentor's open case file L-0042, which entries can name."""
    return CaseFile.create(
        code="L-0042",
        opened_on=local_today() - timedelta(days=90),
        people=2,
        social_worker=users[Role.SOCIAL_WORKER],
        mentor=users[Role.MENTOR],
    )


def open_entry_form(page: Page, start: str = "09:00", end: str = "11:00"):
    """This week's new-entry form for Monday, from 9 to 11, not yet sent."""
    page.goto("/timesheets/")
    monday = page.locator(f"#day-{week_start_of(local_today()).isoformat()}")
    monday.get_by_role("link", name="Add entry").click()
    form = page.locator("#entry-form")
    form.get_by_label("Start").fill(start)
    form.get_by_label("End").fill(end)
    return form


def demo_app(demo_folder: Path, tmp_path: Path) -> Iterator:
    """The app on a copy of the demo organisation, for a module whose pages need its data:
    `app = pytest.fixture(demo_app)` there replaces the empty test app."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, migrated=False)
    yield application
    db.close_all()


def sign_in_to_demo(page: Page, username: str) -> None:
    """Sign in as one of the demo's accounts (whose pages read Latvian) through the form."""
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#password").press("Enter")
    expect(page.locator("#username")).to_have_count(0)
