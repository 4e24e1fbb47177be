"""The weekly workflow's buttons: submit, withdraw, approve, return, reopen, justify. Each asks
the service, which allows exactly what services.allowed_actions shows."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import User
from app.calendar import week_param
from app.htmx import redirect_to, wants_fragment
from app.permissions import acting_user, requires
from app.refusals import Refused, refuse
from app.timesheets import queries, services
from app.timesheets.forms import CommentForm
from app.timesheets.models import Week
from app.timesheets.team_views import render_team
from app.timesheets.views import mentor_or_404, render_week, week_start_or_404, week_url

bp = Blueprint("timesheets_workflow", __name__, url_prefix="/timesheets")


def decided(mentor: User, week_start: date, error: Refused | None = None):
    """After a transition: the team row or the week, depending on where the button was."""
    if error is not None:
        flash(str(error), "error")
    if request.form.get("back") == "team":
        return redirect_to(url_for("timesheets_team.index", week=week_param(week_start)))
    if not wants_fragment():
        return redirect(week_url(mentor.id, week_start), 303)
    return render_week(mentor, week_start, status=200 if error is None else 422)


def existing_week_or_404(mentor: User, week_start: date) -> Week:
    week = queries.find_week(mentor.id, week_start)
    if week is None:
        abort(404)
    return week


def own_week_start(mentor_id: int, year: int, week: int) -> date:
    """The Monday of one of the signed-in mentor's own weeks; anyone else's is a 404."""
    if mentor_id != current_user.id:
        abort(404)
    return week_start_or_404(year, week)


def reviewed_week(mentor_id: int, year: int, week: int) -> tuple[User, date, Week]:
    """A week of a mentor the signed-in user reviews; other mentors' weeks are a 404."""
    mentor = mentor_or_404(mentor_id)
    if not queries.can_review(current_user, mentor.id):
        abort(404)
    week_start = week_start_or_404(year, week)
    return mentor, week_start, existing_week_or_404(mentor, week_start)


def transition_then_back(mentor: User, week_start: date, transition, done_message: str = ""):
    """Run a transition, then go back where the button was, with its refusal or done message."""
    try:
        transition()
    except Refused as error:
        return decided(mentor, week_start, error)
    if done_message:
        flash(done_message, "success")
    return decided(mentor, week_start)


def with_comment(mentor: User, week_start: date, transition, done_message: str = ""):
    """A transition that takes the CommentForm's comment (a return, a reopening, a
    justification)."""
    form = CommentForm()
    valid = form.validate()
    if not valid and form.comment.personal_data_warning:
        # drawn again where it was typed, open, with the warning and its tick
        comment = (request.path, form)
        if request.form.get("back") == "team":
            return render_team(week_start, status=422, comment=comment)
        return render_week(mentor, week_start, status=422, comment=comment)

    def commented():
        if not valid:
            raise refuse(_("The comment is too long."), "comment")
        transition(acting_user(), form.comment.data or "")

    return transition_then_back(mentor, week_start, commented, done_message)


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/submit")
@requires("timesheets.file")
def submit(mentor_id: int, year: int, week: int):
    """The mentor submits the week for approval."""
    week_start = own_week_start(mentor_id, year, week)
    mentor = acting_user()
    return transition_then_back(
        mentor,
        week_start,
        lambda: services.submit_week(mentor, week_start),
        _("The week is submitted for approval."),
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/withdraw")
@requires("timesheets.file")
def withdraw(mentor_id: int, year: int, week: int):
    """The mentor takes a submitted week back to change it."""
    week_start = own_week_start(mentor_id, year, week)
    mentor = acting_user()
    week_row = existing_week_or_404(mentor, week_start)
    return transition_then_back(
        mentor, week_start, lambda: services.withdraw_week(mentor, week_row)
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/approve")
@requires("timesheets.review")
def approve(mentor_id: int, year: int, week: int):
    """The mentor's social worker (or the lead) approves a submitted week."""
    mentor, week_start, week_row = reviewed_week(mentor_id, year, week)
    return transition_then_back(
        mentor,
        week_start,
        lambda: services.approve_week(acting_user(), week_row),
        _("Approved: %(name)s, week %(week)d.", name=mentor.display_name, week=week),
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/return")
@requires("timesheets.review")
def return_(mentor_id: int, year: int, week: int):
    """Send a submitted week back to the mentor with a comment."""
    mentor, week_start, week_row = reviewed_week(mentor_id, year, week)
    return with_comment(
        mentor,
        week_start,
        lambda actor, comment: services.return_week(actor, week_row, comment),
        _("Returned to %(name)s with your comment.", name=mentor.display_name),
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/reopen")
@requires("timesheets.reopen")
def reopen(mentor_id: int, year: int, week: int):
    """The lead reopens an approved week, with a reason the mentor sees."""
    mentor, week_start, week_row = reviewed_week(mentor_id, year, week)
    return with_comment(
        mentor, week_start, lambda actor, reason: services.reopen_week(actor, week_row, reason)
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/justify")
@requires("timesheets.justify")
def justify(mentor_id: int, year: int, week: int):
    """The lead records why a double-funding conflict is acceptable."""
    mentor, week_start, week_row = reviewed_week(mentor_id, year, week)
    return with_comment(
        mentor, week_start, lambda actor, text: services.justify_conflict(actor, week_row, text)
    )
