"""The pages of a job: /jobs/<id> (its progress, polled by htmx, then the download link) and
/jobs/<id>/download. A job is its owner's alone: anyone else gets a 404. Features start their
jobs in their own views and answer with `pages.started`."""

from flask import Blueprint, Response, abort
from flask_login import current_user

from app.downloads import as_download
from app.jobs import services as jobs
from app.jobs.pages import job_page
from app.permissions import requires

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.get("/<job_id>")
@requires("home.view")
def detail(job_id: str):
    """A file being built: how far it is (htmx polls this every second), then the download."""
    return job_page(jobs.load(job_id, current_user.id))


@bp.get("/<job_id>/download")
@requires("home.view")
def download(job_id: str):
    """The built file, for the person who started it."""
    state = jobs.load(job_id, current_user.id)
    body = jobs.result(state) if state and state["status"] == jobs.DONE else None
    if body is None:
        abort(404)
    # the file's name says what it is and which days (a job is started for a report or bundle)
    return as_download(Response(body, mimetype=state["mimetype"]), state["filename"])
