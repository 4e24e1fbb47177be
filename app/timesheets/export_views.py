"""Timesheet exports at stable URLs: /timesheets/export.csv and .xlsx."""

import re
from datetime import date

from flask import Blueprint, Response, abort, request, stream_with_context
from flask_login import current_user
from werkzeug.utils import secure_filename

from app.accounts import User
from app.calendar import require_month
from app.downloads import as_download
from app.i18n import reader_language
from app.permissions import requires
from app.spreadsheets import XLSX_MIMETYPE
from app.timesheets import exports, queries

bp = Blueprint("timesheets_export", __name__, url_prefix="/timesheets")

USER_ID_PATTERN = re.compile(r"[0-9]{1,12}")


def _export(extension: str) -> tuple[tuple[date, date], list[int], str]:
    """The month's days, the mentors in scope and the file name; Refused (400) without a
    month."""
    month, last = require_month(request.args.get("month"))
    name = f"timesheets-{month:%Y-%m}"
    user_arg = (request.args.get("user") or "").strip()
    if user_arg:
        if not USER_ID_PATTERN.fullmatch(user_arg):
            abort(404)
        mentor = queries.visible_mentor(current_user, int(user_arg))
        if mentor is None:
            abort(404)
        mentor_ids = [mentor.id]
        name += "-" + (secure_filename(mentor.username) or str(mentor.id))
    else:
        visible = queries.mentors_visible_to(current_user).select(User.id).order_by(User.id)
        mentor_ids = [mentor_id for (mentor_id,) in visible.tuples()]
    return (month, last), mentor_ids, f"{name}.{extension}"


@bp.get("/export.csv")
@requires("timesheets.view")
def export_csv():
    """A month of entries as CSV (UTF-8 with BOM), streamed."""
    days, mentor_ids, filename = _export("csv")
    # The reads happen here, so a database error is an error page, not a truncated file.
    rows = list(exports.month_rows(mentor_ids, days[0], reader_language()))
    response = Response(stream_with_context(exports.write_csv(rows)), mimetype="text/csv")
    return as_download(response, filename, period=days, rows=len(rows))


@bp.get("/export.xlsx")
@requires("timesheets.view")
def export_xlsx():
    """A month of entries as an XLSX workbook with a summary sheet."""
    days, mentor_ids, filename = _export("xlsx")
    rows = list(exports.month_rows(mentor_ids, days[0], reader_language()))
    response = Response(exports.write_xlsx(rows), mimetype=XLSX_MIMETYPE)
    return as_download(response, filename, period=days, rows=len(rows))
