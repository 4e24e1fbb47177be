"""A data folder that cannot be written to: the login page, the health answer and the pages to
read still work, under a banner; signing in and every change get a 503 that says why.

The folder is made read-only for real: by its mode for a user who is not root, and for root,
whom no mode stops, by the immutable attribute (chattr +i). SQLite then fails as it does in a
read-only folder: to read a WAL database it must create the -shm file beside it.
"""

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest

from app.backups import release_serving_lock
from app.db import db
from app.permissions import Role
from tests.conftest import create_user, login, make_app
from tests.core.failures import english_visitor
from tests.databases import sqlite_url

BANNER = "The intranet is read-only just now: you can read, but changes cannot be saved."
NOT_SAVED = "The database is read-only just now, so nothing was saved"
#: pages to read, one or two per feature, by who reads them
PAGES = [
    (Role.COORDINATOR, "/"),
    (Role.COORDINATOR, "/timesheets/months"),
    (Role.COORDINATOR, "/cases/"),
    (Role.COORDINATOR, "/meetings/"),
    (Role.COORDINATOR, "/meetings/coverage"),
    (Role.COORDINATOR, "/training/"),
    (Role.COORDINATOR, "/risks/"),
    (Role.COORDINATOR, "/reports/"),
    (Role.COORDINATOR, "/periods/"),
    (Role.COORDINATOR, "/compliance/"),
    (Role.COORDINATOR, "/compliance/checklist"),
    (Role.MENTOR, "/"),
    (Role.MENTOR, "/timesheets/"),
    (Role.MENTOR, "/training/"),
]


@contextmanager
def read_only(folder: Path):
    """Nothing can be created, renamed or removed in `folder` by this process, root or not."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.fail(f"root cannot make a folder read-only here (chattr +i): {made.stderr}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.fixture
def stopped_app(tmp_path):
    """The app on a SQLite database in its data folder, with a coordinator and a mentor signed
    in (`app.clients`, English) and a visitor who chose English (`app.visitor`), then stopped
    as a service stops: every connection closed, so SQLite checkpoints the WAL and removes the
    -wal and -shm files, and the serving lock let go."""
    application = make_app(tmp_path, DATABASE_URL=sqlite_url(tmp_path))
    application.clients = {}
    for role in (Role.COORDINATOR, Role.MENTOR):
        create_user(role, role, language="en")
        application.clients[role] = application.test_client()
        assert login(application.clients[role], role).status_code == 303
    application.visitor = english_visitor(application)
    db.close_all()
    release_serving_lock()  # the next request is a restarted service's first
    assert not list(tmp_path.glob("app.db-*"))
    yield application
    db.close_all()


def test_read_only_data_folder_serves_reading_and_refuses_changes(stopped_app, tmp_path, caplog):
    clients, visitor = stopped_app.clients, stopped_app.visitor
    before = sorted(path.name for path in tmp_path.iterdir())
    with read_only(tmp_path):
        login_page = visitor.get("/login")
        health = visitor.get("/health")
        sign_in = visitor.post("/login", data={"username": "coordinator", "password": "x" * 12})
        pages = {
            (role, page): clients[role].get(page, follow_redirects=True) for role, page in PAGES
        }
        change = clients[Role.MENTOR].post(
            "/language", data={"language": "lv", "next": "/"}, headers={"HX-Request": "true"}
        )
        left_behind = sorted(path.name for path in tmp_path.iterdir())

    assert login_page.status_code == 200
    assert BANNER in login_page.get_data(as_text=True)
    assert health.status_code == 503
    assert health.json == {"status": "failing", "reasons": ["database read-only"]}
    assert sign_in.status_code == 503
    assert NOT_SAVED in sign_in.get_data(as_text=True)
    for role_and_page, response in pages.items():
        assert response.status_code == 200, role_and_page
        assert BANNER in response.get_data(as_text=True), role_and_page
    assert change.status_code == 503
    assert unquote(change.headers["HX-Error-Message"]).startswith(NOT_SAVED)
    assert "database write failed: read-only" in caplog.text
    assert left_behind == before
