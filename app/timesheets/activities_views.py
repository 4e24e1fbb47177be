"""The activity types mentors choose from (the lead's list): add one, retire or offer again."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _

from app import lists
from app.htmx import redirect_to, render
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.timesheets.forms import ActivityTypeForm
from app.timesheets.models import ActivityType

bp = Blueprint("timesheets_activities", __name__, url_prefix="/timesheets/activities")


@bp.route("", methods=["GET", "POST"])
@requires("activities.manage")
def index():
    """The list of activity types mentors choose from; add new ones here."""
    form = ActivityTypeForm()
    if form.validate_on_submit():
        try:
            lists.add(
                acting_user(),
                ActivityType,
                {**form.names(), "sort_order": form.sort_order.data or 0},
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The activity type is added."), "success")
            return redirect_to(url_for("timesheets_activities.index"))
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
