"""The answers about a job that any feature's view gives: the progress fragment or the redirect
to the job's page (views of other features import this, never the jobs blueprint)."""

from threading import Thread

from flask import abort, request, url_for
from flask_login import current_user

from app.htmx import redirect_to, render
from app.jobs import services as jobs

#: a job that finishes within this many seconds is offered for download at once
WAIT_SECONDS = 1.0


def started(thread: Thread):
    """The answer to the request that started a job: its progress fragment for htmx (or the
    download, when it was quick), else a redirect to its page."""
    thread.join(WAIT_SECONDS)
    if not request.htmx:
        return redirect_to(url_for("jobs.detail", job_id=thread.name))
    return job_page(jobs.load(thread.name, current_user.id))


def job_page(state: dict | None):
    if state is None:
        abort(404)
    return render(
        "jobs/job.html",
        "jobs/_job.html",
        job=state,
        job_url=url_for("jobs.detail", job_id=state["id"]),
        download_url=url_for("jobs.download", job_id=state["id"]),
    )
