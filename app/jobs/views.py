"""The pages of a job: /jobs/<id> (its progress, polled by htmx, then the download link) and
/jobs/<id>/download. A job is its owner's alone: anyone else gets a 404. Features start their
jobs in their own views and answer with `started`."""

from threading import Thread

from flask import Blueprint, Response, abort, request, url_for
from flask_login import current_user

from app.downloads import as_download
from app.htmx import redirect_to, render
from app.jobs import services as jobs
from app.permissions import requires

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

#: a job that finishes within this many seconds is offered for download at once
WAIT_SECONDS = 1.0


def started(thread: Thread):
    """The answer to the request that started a job: its progress fragment for htmx (or the
    download, when it was quick), else a redirect to its page."""
    thread.join(WAIT_SECONDS)
    if not request.htmx:
        return redirect_to(url_for("jobs.detail", job_id=thread.name))
    return _job_page(jobs.load(thread.name, current_user.id))


def _job_page(state: dict | None):
    if state is None:
        abort(404)
    return render(
        "jobs/job.html",
        "jobs/_job.html",
        job=state,
        job_url=url_for("jobs.detail", job_id=state["id"]),
        download_url=url_for("jobs.download", job_id=state["id"]),
    )


@bp.get("/<job_id>")
@requires("home.view")
def detail(job_id: str):
    """A file being built: how far it is (htmx polls this every second), then the download."""
    return _job_page(jobs.load(job_id, current_user.id))


@bp.get("/<job_id>/download")
@requires("home.view")
def download(job_id: str):
    """The built file, for the person who started it."""
    state = jobs.load(job_id, current_user.id)
    body = jobs.result(state) if state and state["status"] == jobs.DONE else None
    if body is None:
        abort(404)
    return as_download(Response(body, mimetype=state["mimetype"]), state["filename"])
