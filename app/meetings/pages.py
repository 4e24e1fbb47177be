"""A meeting's page, shown by every view that changes a meeting: what it holds, and what
follows a change (the page again for htmx, else a redirect to it)."""

from functools import partial

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.htmx import after_change, render
from app.markdown import render as render_markdown
from app.meetings import queries, services
from app.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    FileForm,
    MinutesForm,
    ReopenForm,
)
from app.meetings.labels import event_label, label_context
from app.meetings.models import Meeting, MeetingStatus
from app.refusals import Refused


def meeting_or_404(meeting_id: int) -> Meeting:
    meeting = queries.visible_meeting(current_user, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def human_size(size: int) -> str:
    if size < 1024:
        return _("%(size)d bytes", size=size)
    if size < 1024 * 1024:
        return _("%(size).1f KB", size=size / 1024)
    return _("%(size).1f MB", size=size / 1024 / 1024)


def meeting_context(meeting: Meeting, **forms) -> dict:
    """Everything the meeting page shows; `forms` replace the blank ones (kept input on 422)."""
    attendance = queries.attendance_of(meeting.id)
    items = queries.action_items_of(meeting.id)
    decisions = queries.decisions_of(meeting.id)
    for decision in decisions:
        decision["items"] = [item for item in items if item["decision"] == decision["id"]]
    people = queries.staff_choices()
    files = queries.files_of(meeting.id)
    for row in files:
        row["size_label"] = human_size(row["size"])
    chair = meeting.chair.display_name if meeting.chair_id else ""
    context = {
        "meeting": meeting,
        "chair_name": chair,
        "chair": meeting.chair if meeting.chair_id else None,
        "attendance": attendance,
        "unmarked": sum(1 for row in attendance if row["attended"] is None),
        "files": [row for row in files if not row["superseded"]],
        "older_files": [row for row in files if row["superseded"]],
        "decisions": decisions,
        "loose_items": [item for item in items if item["decision"] is None],
        "earlier_items": queries.open_items_before(current_user, meeting),
        "history": queries.history_of(meeting.id),
        "minutes_html": render_markdown(meeting.minutes),
        "final": meeting.status == MeetingStatus.FINAL,
        "actions": services.allowed_actions(meeting, current_user),
        "may_set_status": partial(services.may_set_status, current_user),
        "event_label": event_label,
        "minutes_form": MinutesForm(minutes=meeting.minutes, version=meeting.version),
        "file_form": FileForm(formdata=None),
        "decision_form": DecisionForm(people, formdata=None),
        "action_form": ActionForm(people, formdata=None),
        "reopen_form": ReopenForm(formdata=None),
        "status_form": ActionStatusForm(formdata=None),
        **label_context(),
    }
    context.update(forms)
    return context


def render_meeting(meeting: Meeting, status: int = 200, **forms):
    return render(
        "meetings/detail.html",
        "meetings/_meeting.html",
        status=status,
        **meeting_context(meeting, **forms),
    )


def done(meeting_id: int, error: Refused | None = None, message: str = ""):
    """After a change on the meeting page: the page again (htmx) or a redirect to it."""
    return after_change(
        url_for("meetings.detail", meeting_id=meeting_id),
        lambda status: render_meeting(meeting_or_404(meeting_id), status=status),
        error,
        message,
    )
