"""Long builds (the interim-report pack, a month's protocol bundle) in a thread of the worker
that was asked; and `background` tasks that build no file (an upload's text read later).

A job's state is a small JSON file under SHARED_DIR/jobs, rewritten whole (write, then rename)
at each step, so whichever gunicorn worker (or app server) a poll reaches can answer it; the
built file sits beside it. A job belongs to the person who started it: anyone else gets a 404.
A running job whose file has not changed for STALE died with its worker and is reported as
failed. Jobs older than KEEP are swept when a new one starts.
"""

import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import current_app

from app.db import db

JOB_ID = re.compile(r"[0-9a-f]{32}")
STALE_SECONDS = 600
KEEP_SECONDS = 24 * 3600
RUNNING, DONE, FAILED = "running", "done", "failed"
#: what a build counts its steps in, for the progress line (templates/jobs/_job.html)
SECTIONS, MEETINGS = "sections", "meetings"

#: build(progress) -> the file's bytes; progress(done, total) after each step
Build = Callable[[Callable[[int, int], None]], bytes]


def folder() -> Path:
    path = Path(current_app.config["JOBS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def start(
    owner_id: int,
    filename: str,
    mimetype: str,
    build: Build,
    *,
    unit: str = SECTIONS,
    back: str | None = None,
) -> threading.Thread:
    """Start `build` in a thread with an app context and its own database connection; the
    thread's name is the job's id. `unit` names its steps; `back` is the page it came from."""
    app = current_app._get_current_object()
    where = folder()
    _sweep(where)
    state = {
        "id": secrets.token_hex(16),
        "owner": owner_id,
        "status": RUNNING,
        "done": 0,
        "total": 0,
        "filename": filename,
        "mimetype": mimetype,
        "unit": unit,
        "back": back,
    }
    _save(where, state)
    thread = threading.Thread(
        target=_run, args=(app, where, state, build), name=state["id"], daemon=True
    )
    thread.start()
    return thread


def background(name: str, task: Callable[[], None]) -> threading.Thread:
    """Run `task` in a thread of this worker with an app context and its own database
    connection: work that no one waits for and that leaves no file (an upload's text read
    later). Its failure is logged; the task itself records its outcome in the database."""
    app = current_app._get_current_object()

    def run() -> None:
        try:
            with app.app_context(), db.connection_context():
                task()
        except Exception:  # a background task has no one else to tell
            app.logger.exception("background task %s failed", name)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def _run(app, where: Path, state: dict, build: Build) -> None:
    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)
        _save(where, state)

    try:
        with app.app_context(), db.connection_context():
            body = build(progress)
        _replace(where / f"{state['id']}.out", body)
        state["status"] = DONE
    except Exception:  # the poll must learn of any failure, whatever it was
        app.logger.exception("job %s failed", state["id"])
        state["status"] = FAILED
    _save(where, state)


def load(job_id: str, owner_id: int) -> dict | None:
    """The job's state if it exists and belongs to this person, else None."""
    if not JOB_ID.fullmatch(job_id):
        return None
    path = folder() / f"{job_id}.json"
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        modified = path.stat().st_mtime
    except (OSError, ValueError):
        return None
    if state.get("owner") != owner_id:
        return None
    if state["status"] == RUNNING and time.time() - modified > STALE_SECONDS:
        state["status"] = FAILED
    return state


def result(state: dict) -> bytes | None:
    try:
        return (folder() / f"{state['id']}.out").read_bytes()
    except OSError:
        return None


def _save(where: Path, state: dict) -> None:
    _replace(where / f"{state['id']}.json", json.dumps(state).encode())


def _replace(path: Path, body: bytes) -> None:
    """Write beside, then rename: a reader sees the old file or the new one, never half."""
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(body)
    os.replace(partial, path)


def _sweep(where: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in where.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue  # another worker swept it first
