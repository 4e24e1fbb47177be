"""A meeting's decisions and action items, and following an item up."""

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.forms import int_or_none
from app.htmx import redirect_to
from app.idempotency import idempotent
from app.meetings import queries, services
from app.meetings.forms import ActionForm, ActionStatusForm, DecisionForm
from app.meetings.models import ActionItem, Meeting
from app.meetings.pages import done, meeting_or_404, render_meeting
from app.permissions import acting_user, requires
from app.refusals import Refused, refuse, show_refusal

bp = Blueprint("meetings_items", __name__, url_prefix="/meetings")


@bp.post("/<int:meeting_id>/decisions")
@requires("meetings.edit")
@idempotent
def add_decision(meeting_id: int):
    """Record a decision, with an action item (owner, due date) when given."""
    meeting = meeting_or_404(meeting_id)
    form = DecisionForm(queries.staff_choices())
    if form.validate():
        try:
            services.add_decision(
                acting_user(),
                meeting,
                form.text.data,
                form.action_text.data or "",
                form.owner.data or None,
                form.due_on.data,
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The decision is recorded."))
    return render_meeting(meeting, status=422, decision_form=form)


@bp.post("/<int:meeting_id>/actions")
@requires("meetings.edit")
@idempotent
def add_action(meeting_id: int):
    """Add an action item that follows no particular decision."""
    meeting = meeting_or_404(meeting_id)
    form = ActionForm(queries.staff_choices())
    if form.validate():
        try:
            services.add_action(
                acting_user(), meeting, form.text.data, form.owner.data or None, form.due_on.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The action item is added."))
    return render_meeting(meeting, status=422, action_form=form)


@bp.post("/actions/<int:item_id>/status")
@requires("meetings.view")
def set_status(item_id: int):
    """The item's owner or an editor marks it done, dropped, or open again."""
    item = (
        ActionItem.select(ActionItem)
        .join(Meeting)
        .where(ActionItem.id == item_id, queries.visible_condition(current_user))
        .first()
    )
    if item is None:
        abort(404)
    if not services.may_set_status(current_user, item.owner_id):
        abort(403)
    form = ActionStatusForm()
    error = None
    if form.validate():
        try:
            services.set_action_status(acting_user(), item, form.status.data)
        except Refused as refused:
            error = refused
    else:
        error = refuse(_("Choose a status from the list."))
    if request.form.get("back") == "home":
        if error is not None:
            flash(str(error), "error")
        return redirect_to(url_for("core.index"))
    page_meeting = int_or_none(request.form.get("meeting")) or item.meeting_id
    if queries.visible_meeting(current_user, page_meeting) is None:
        page_meeting = item.meeting_id
    return done(page_meeting, error, _("The action item is updated.") if error is None else "")
