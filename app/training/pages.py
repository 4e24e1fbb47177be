"""A session's page, shown by every view that changes a session: what it holds, and what
follows a change (the page again for htmx, else a redirect to it)."""

from flask import abort, url_for
from flask_login import current_user

from app import scope
from app.htmx import after_change, render
from app.i18n import format_hours, reader_language
from app.permissions import has_permission
from app.refusals import Refused
from app.training import queries, services
from app.training.forms import AttendanceForm, FileForm
from app.training.labels import label_context, mark_label
from app.training.models import Mark, TrainingKind, TrainingSession


def session_or_404(session_id: int) -> TrainingSession:
    session = TrainingSession.get_or_none(TrainingSession.id == session_id)
    if session is None:
        abort(404)
    return session


def attendance_form(session: TrainingSession, participants: list[dict]) -> AttendanceForm:
    marks = []
    for row in participants:
        mark = Mark.of(row["attended_minutes"], session.minutes)
        hours = format_hours(row["attended_minutes"]) if mark == Mark.PARTLY else ""
        marks.append({"user": str(row["user"]), "mark": mark, "hours": hours})
    return AttendanceForm(formdata=None, data={"marks": marks})


def session_context(session: TrainingSession, **forms) -> dict:
    """Everything the session page shows; `forms` replace the blank ones (kept input on 422)."""
    invited = queries.participants_of(session.id)
    # who else is invited is counted, not named, for a reader outside whose scope they are
    participants = invited
    if not has_permission(current_user, "training.edit"):
        participants = scope.scope_of(current_user).filter(invited, "user")
    kind = TrainingKind.get_by_id(session.kind_id)
    context = {
        "session": session,
        "kind_name": kind.name(reader_language()),
        "counts_as": kind.counts_as,
        "individual": kind.individual,
        "participants": participants,
        "others_invited": len(invited) - len(participants),
        "names": {str(row["user"]): row["display_name"] for row in participants},
        "visible_marks": queries.visible_ids(current_user, [row["user"] for row in participants]),
        "files": queries.files_of(session.id),
        "can_edit": has_permission(current_user, "training.edit"),
        "actions": services.allowed_actions(session, current_user),
        "attendance_form": attendance_form(session, participants),
        "file_form": FileForm(formdata=None),
        "mark_label": mark_label,
        **label_context(),
    }
    context.update(forms)
    return context


def render_session(session: TrainingSession, status: int = 200, **forms):
    return render(
        "training/detail.html",
        "training/_session.html",
        status=status,
        **session_context(session, **forms),
    )


def done(session_id: int, error: Refused | None = None, message: str = ""):
    """After a change on the session page: the page again (htmx) or a redirect to it."""
    return after_change(
        url_for("training.detail", session_id=session_id),
        lambda status: render_session(session_or_404(session_id), status=status),
        error,
        message,
    )
