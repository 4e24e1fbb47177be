"""A meeting's record: attendance, the minutes, their files, finalize and reopen."""

from flask import Blueprint, abort, request
from flask_babel import gettext as _

from app.forms import int_or_none
from app.idempotency import idempotent
from app.meetings import services
from app.meetings.forms import FileForm, MinutesForm, ReopenForm
from app.meetings.models import MeetingFile
from app.meetings.pages import done, meeting_or_404, render_meeting
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.uploads.services import send_upload

bp = Blueprint("meetings_minutes", __name__, url_prefix="/meetings")


@bp.post("/<int:meeting_id>/attendance")
@requires("meetings.edit")
def attendance(meeting_id: int):
    """Mark who of the invited attended (ticked) and who did not (unticked)."""
    meeting = meeting_or_404(meeting_id)
    attended = {int(v) for v in request.form.getlist("attended") if v.isdecimal() and len(v) < 12}
    try:
        services.mark_attendance(acting_user(), meeting, attended)
    except Refused as error:
        return done(meeting.id, error)
    return done(meeting.id, message=_("Attendance is saved."))


@bp.post("/<int:meeting_id>/minutes")
@requires("meetings.edit")
def update(meeting_id: int):
    """Save the minutes (Markdown), unless they changed meanwhile."""
    meeting = meeting_or_404(meeting_id)
    form = MinutesForm()
    if form.validate():
        try:
            services.save_minutes(
                acting_user(), meeting, form.minutes.data or "", int_or_none(form.version.data) or 0
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The minutes are saved."))
    return render_meeting(meeting, status=422, minutes_form=form)


@bp.post("/<int:meeting_id>/files")
@requires("meetings.edit")
@idempotent
def upload(meeting_id: int):
    """Attach a minutes file (PDF, DOCX, ODT), or a new version of one."""
    meeting = meeting_or_404(meeting_id)
    form = FileForm()
    replaces = None
    if form.replaces.data:
        replaces = MeetingFile.get_or_none(
            MeetingFile.id == (int_or_none(form.replaces.data) or 0),
            MeetingFile.meeting == meeting.id,
        )
        if replaces is None:
            abort(404)
    if form.validate():
        sent = form.file.data
        try:
            services.add_file(acting_user(), meeting, sent.stream, sent.filename, replaces)
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The file is added."))
    return render_meeting(meeting, status=422, file_form=form)


@bp.get("/<int:meeting_id>/files/<int:file_id>")
@requires("meetings.view")
def download(meeting_id: int, file_id: int):
    """Download one of the meeting's files (always as an attachment)."""
    meeting = meeting_or_404(meeting_id)
    row = MeetingFile.get_or_none(MeetingFile.id == file_id, MeetingFile.meeting == meeting.id)
    if row is None:
        abort(404)
    return send_upload(row.upload)


@bp.post("/<int:meeting_id>/finalize")
@requires("meetings.edit")
def finalize(meeting_id: int):
    """Make the minutes final (read-only), once attendance is marked for everyone invited."""
    meeting = meeting_or_404(meeting_id)
    try:
        services.finalize(acting_user(), meeting)
    except Refused as error:
        return done(meeting.id, error)
    return done(meeting.id, message=_("The minutes are final."))


@bp.post("/<int:meeting_id>/reopen")
@requires("meetings.edit")
def reopen(meeting_id: int):
    """Reopen final minutes, with a reason kept in the history."""
    meeting = meeting_or_404(meeting_id)
    form = ReopenForm()
    if form.validate():
        try:
            services.reopen(acting_user(), meeting, form.reason.data)
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The minutes are reopened."))
    return render_meeting(meeting, status=422, reopen_form=form)
