"""A session's files: the agenda, material and the signed attendance sheet."""

from flask import Blueprint, abort
from flask_babel import gettext as _

from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.training import services
from app.training.forms import FileForm
from app.training.models import SessionFile
from app.training.pages import done, render_session, session_or_404
from app.uploads.services import send_upload

bp = Blueprint("training_files", __name__, url_prefix="/training")


@bp.post("/<int:session_id>/files")
@requires("training.edit")
@idempotent
def upload(session_id: int):
    """Attach an agenda, material or the signed attendance sheet."""
    session = session_or_404(session_id)
    form = FileForm()
    if form.validate():
        sent = form.file.data
        try:
            services.add_file(acting_user(), session, sent.stream, sent.filename, form.role.data)
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(session.id, message=_("The file is added."))
    return render_session(session, status=422, file_form=form)


@bp.get("/<int:session_id>/files/<int:file_id>")
@requires("training.view")
def download(session_id: int, file_id: int):
    """Download one of the session's files (always as an attachment)."""
    session = session_or_404(session_id)
    row = SessionFile.get_or_none(SessionFile.id == file_id, SessionFile.session == session.id)
    if row is None:
        abort(404)
    return send_upload(row.upload)
