"""Drill fixtures: the real app under gunicorn on a data folder and database of the test's own,
mentors who sign in over HTTP like a browser, and writers that post timesheet entries and
record what each post was answered.

The server runs as production does (`gunicorn wsgi:app`, two sync workers; preloaded, see
GUNICORN_OPTIONS) with every setting given explicitly, never inherited: DATA_DIR, SECRET_KEY,
APP_ENV and DATABASE_URL. It starts in a process group of its own, so one `os.killpg` SIGKILLs
master and workers at once, as a power cut or the OOM killer would.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from peewee import JOIN, fn

from app.calendar import format_clock, local_today, week_start_of
from app.cases.models import CaseFile
from app.db import db, is_sqlite
from app.permissions import Role
from app.timesheets.models import ActivityType, Entry, EntryCase
from tests.conftest import CSRF_META, PASSWORD, create_user

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "drill-secret"
#: a request the server does not answer in this time counts as unanswered
REQUEST_TIMEOUT = 15
#: what a drill writer notes on its entry: the write's key, so the database says which it is
NOTE_PREFIX = "drill "
#: each writer fills 08:00-18:00 of a day in 15-minute slots (no "over 10 hours" warning)
FIRST_SLOT, SLOT_MINUTES, SLOTS_PER_DAY = 8 * 60, 15, 40
GUNICORN_OPTIONS = [
    # The workers fork from a master that imported the app once: a restart costs one import
    # (~2.5 s) instead of two on two shared cores. The app is built for it (no connection at
    # import), and what a kill tests, the workers' writes and the database, is the same.
    "--preload",
    # No control socket in $HOME (gunicorn >= 25): a kill would leave it stale, and it would
    # take over the socket of another gunicorn on the machine.
    "--no-control-socket",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def output_tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Server:
    """gunicorn serving the app on one data folder and database; killed whole and started again
    on the same data and port."""

    def __init__(self, data_dir: Path, database_url: str, log: Path):
        self.data_dir, self.database_url, self.log = data_dir, database_url, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def environment(self, data_dir: Path | None = None, database_url: str | None = None) -> dict:
        """The server's settings, for the server and for `flask` commands run beside it."""
        return {
            **os.environ,
            "DATA_DIR": str(data_dir or self.data_dir),
            "DATABASE_URL": database_url or self.database_url,
            "SECRET_KEY": SECRET_KEY,
            "APP_ENV": "production",
        }

    def start(self, timeout: float = 60) -> None:
        """Start gunicorn and return once /health answers."""
        assert self.process is None, "the server is running"
        command = [sys.executable, "-m", "gunicorn", "--workers", "2", *GUNICORN_OPTIONS]
        command += ["--bind", f"127.0.0.1:{self.port}", "wsgi:app"]
        with self.log.open("a") as log:
            log.write(f"--- start {self.starts + 1}\n")
            log.flush()
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                raise AssertionError(f"gunicorn exited:\n{output_tail(self.log)}")
            if self.healthy():
                return
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"/health did not answer in {timeout} s:\n{output_tail(self.log)}")

    def healthy(self) -> bool:
        status, _body = Browser(self.url).request("/health")
        return status == 200

    def kill(self) -> None:
        """SIGKILL master and workers together (they share the master's process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        """Stop gracefully, as `systemctl stop` does: SIGTERM, workers finish their request."""
        self.process.terminate()
        self.process.wait(timeout=60)
        self.process = None

    def flask(self, *arguments: str, data_dir: Path | None = None, database_url: str | None = None):
        """Run `flask --app wsgi ...` with the server's settings (or another data folder's)."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *arguments],
            cwd=PROJECT_ROOT,
            env=self.environment(data_dir, database_url),
            capture_output=True,
            text=True,
            timeout=120,
        )


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 303 after a save is the acknowledgement itself; following it would be another request
    that a kill could interrupt."""

    def redirect_request(self, *_args, **_kwargs):
        return None


class Browser:
    """One person's browser: a cookie jar and the CSRF token of the last page read."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects()
        )
        self.csrf_token = ""

    def request(self, path: str, form: dict | None = None) -> tuple[int | None, bytes]:
        """GET, or POST `form` with the CSRF token; the answer's status and body, or (None, b"")
        when no answer came (connection refused or reset, timeout). A status line is the answer
        even if a kill cuts the body after it: the server commits before it sends one."""
        data = None
        if form is not None:
            data = urlencode({"csrf_token": self.csrf_token, **form}, doseq=True).encode()
        try:
            response = self.opener.open(self.base_url + path, data, REQUEST_TIMEOUT)
        except urllib.error.HTTPError as error:
            response = error
        except (OSError, http.client.HTTPException):
            return None, b""
        with response:
            try:
                body = response.read()
            except (OSError, http.client.HTTPException):
                body = b""
        found = CSRF_META.search(body)
        if found:
            self.csrf_token = found.group(1).decode()
        return response.status, body

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        status, _body = self.request("/login")
        assert status == 200
        status, body = self.request("/login", {"username": username, "password": password})
        assert status == 303, body.decode(errors="replace")
        status, _body = self.request("/timesheets/entries/new")  # the new session's token
        assert status == 200


ACKNOWLEDGED, REFUSED, IN_DOUBT = "acknowledged", "refused", "in doubt"
#: the statuses that acknowledge a write: the page, or the 303 to the week
ANSWERED_OK = range(200, 400)


@dataclass
class Write:
    """One intended entry: its slot, the key it is posted (and replayed) with, its answers."""

    key: str
    day: date
    start_minute: int
    status: int | None = None  #: the first answer's status; None when none came
    replay_status: int | None = None  #: the answer to the same write posted again, if it was

    @property
    def note(self) -> str:
        return NOTE_PREFIX + self.key

    @property
    def outcome(self) -> str:
        if self.status is None or self.status >= 500:
            return IN_DOUBT  # a worker may have died mid-request, or failed after its commit
        return ACKNOWLEDGED if self.status in ANSWERED_OK else REFUSED

    @property
    def stored_once(self) -> list[tuple[date, int, int]]:
        """What the database holds for it once written: one entry, in its slot, with its case."""
        return [(self.day, self.start_minute, 1)]


@dataclass
class Writer:
    """A mentor posting entries into consecutive 15-minute slots, one after another, each with
    a key of its own, and recording each answer."""

    browser: Browser
    username: str
    case_code: str
    activity_id: int
    first_day: date
    writes: list[Write] = field(default_factory=list)

    def form(self, write: Write) -> dict:
        return {
            "day": write.day.isoformat(),
            "start": format_clock(write.start_minute),
            "end": format_clock(write.start_minute + SLOT_MINUTES),
            "activity": str(self.activity_id),
            "place": "pmc",
            "cases": self.case_code,
            "note": write.note,
            "idempotency_key": write.key,
        }

    def post(self, write: Write) -> int | None:
        status, _body = self.browser.request("/timesheets/entries", self.form(write))
        return status

    def write_next(self) -> Write:
        slot = len(self.writes)
        write = Write(
            key=uuid.uuid4().hex,
            day=self.first_day + timedelta(days=slot // SLOTS_PER_DAY),
            start_minute=FIRST_SLOT + slot % SLOTS_PER_DAY * SLOT_MINUTES,
        )
        self.writes.append(write)
        write.status = self.post(write)
        return write

    def run(self, serving: threading.Event, stop: threading.Event) -> None:
        """Write until `stop`, waiting while the server is down (`serving` cleared)."""
        while not stop.is_set():
            if serving.wait(timeout=0.1):
                self.write_next()

    def replay(self, write: Write) -> None:
        write.replay_status = self.post(write)


@pytest.fixture
def database_url(app) -> str:
    """The database the server runs on: the test's own, a copy of the migrated one on the suite's
    engine (tests/databases.py); override it to drill another database."""
    return app.config["DATABASE_URL"]


@pytest.fixture
def server(tmp_path, database_url):
    """The app under gunicorn on the test's data folder and database, not started yet."""
    running = Server(tmp_path, database_url, tmp_path / "gunicorn.log")
    yield running
    if running.process is not None:
        running.kill()
    db.close_all()


@pytest.fixture
def make_writers(app, server):
    """make_writers(n) -> n writers, each a mentor of their own with a case file, signed in to
    the server, which this starts."""
    social_worker = create_user("drillworker", Role.SOCIAL_WORKER)
    activity = ActivityType.select().where(ActivityType.active).order_by(ActivityType.id).get()
    # Far enough back that even the long drill's writes end before the end of this week.
    first_day = week_start_of(local_today()) - timedelta(weeks=20)

    def make(count: int) -> list[Writer]:
        writers = []
        for number in range(1, count + 1):
            mentor = create_user(f"drillmentor{number}", Role.MENTOR)
            case = CaseFile.create(
                code=f"L-{9000 + number}",
                opened_on=first_day,
                social_worker=social_worker,
                mentor=mentor,
            )
            browser = Browser(server.url)
            writers.append(Writer(browser, mentor.username, case.code, activity.id, first_day))
        db.close_all()  # the server's workers are the database's writers from here on
        server.start()
        for writer in writers:
            writer.browser.sign_in(writer.username)
        return writers

    return make


def stored_entries(writes: list[Write]) -> dict[str, list[tuple[date, int, int]]]:
    """Per write, the entries that carry its note (its key): (day, start minute, case links)."""
    found = {write.note: [] for write in writes}
    rows = (
        Entry.select(Entry.note, Entry.day, Entry.start_minute, fn.COUNT(EntryCase.id))
        .join(EntryCase, JOIN.LEFT_OUTER)
        .where(Entry.note.startswith(NOTE_PREFIX))
        .group_by(Entry.id)
        .tuples()
    )
    for note, day, start_minute, links in rows:
        if note in found:
            found[note].append((day, start_minute, links))
    db.close_all()  # no connection of the test's outlives a restart or a restore
    return found


def integrity_problems() -> list[str]:
    """What SQLite's integrity check reports other than "ok" (nothing on other engines, whose
    own recovery is not checked from here)."""
    if not is_sqlite():
        return []
    return [row for (row,) in db.execute_sql("PRAGMA integrity_check").fetchall() if row != "ok"]
