"""The activity types mentors choose from (the lead's list): add one, retire or offer again."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from app import lists
from app.htmx import render
from app.idempotency import idempotent
from app.permissions import requires
from app.timesheets.forms import ActivityTypeForm
from app.timesheets.models import ActivityType

bp = Blueprint("timesheets_activities", __name__, url_prefix="/timesheets/activities")


@bp.route("", methods=["GET", "POST"])
@requires("activities.manage")
@idempotent
def index():
    """The list of activity types mentors choose from; add new ones here."""
    form = ActivityTypeForm()
    added = lists.submitted(
        form,
        lambda actor: lists.add(actor, ActivityType, form.values()),
        _("The activity type is added."),
        url_for("timesheets_activities.index"),
    )
    if added is not None:
        return added
    status = 422 if request.method == "POST" else 200
    return render(
        "timesheets/activities.html", status=status, form=form, rows=ActivityType.ordered()
    )


@bp.post("/<int:activity_id>/retire")
@requires("activities.manage")
def retire(activity_id: int):
    """Retire a type: kept on old entries, no longer offered."""
    return lists.retire_or_restore(
        ActivityType, activity_id, False, url_for("timesheets_activities.index")
    )


@bp.post("/<int:activity_id>/restore")
@requires("activities.manage")
def restore(activity_id: int):
    """Offer a retired type again."""
    return lists.retire_or_restore(
        ActivityType, activity_id, True, url_for("timesheets_activities.index")
    )
