"""Marking who attended a session: fully, for some hours, or not at all."""

from flask import Blueprint
from flask_babel import gettext as _

from app.calendar import local_today
from app.permissions import acting_user, requires
from app.refusals import Refused
from app.training import services
from app.training.forms import AttendanceForm
from app.training.pages import done, render_session, session_or_404

bp = Blueprint("training_attendance", __name__, url_prefix="/training")


@bp.post("/<int:session_id>/attendance")
@requires("training.edit")
def update(session_id: int):
    """Mark each invited person: attended fully, for some hours, or absent."""
    session = session_or_404(session_id)
    form = AttendanceForm()
    if form.validate():
        user_ids = form.user_ids()
        if None in user_ids:
            form.form_errors.append(_("Mark only the people invited to the session."))
        else:
            marks = {
                uid: entry.form.minutes(session.minutes)
                for uid, entry in zip(user_ids, form.marks, strict=True)
            }
            try:
                services.mark_attendance(acting_user(), session, marks, local_today())
            except Refused as error:
                rows = dict(zip(user_ids, form.marks, strict=True))
                for key, messages in error.errors.items():
                    if key in rows:
                        rows[key].form.hours.errors = list(messages)
                    else:
                        form.form_errors.extend(messages)
            else:
                return done(session.id, message=_("Attendance is saved."))
    return render_session(session, status=422, attendance_form=form)
