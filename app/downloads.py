"""Every generated file (exports, reports) leaves as a private download with its own name, and
its leaving is written to the audit log: which file, which days, how many records."""

from datetime import date

from flask import Response, request
from flask_login import current_user

from app import audit
from app.db import write_tx

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def as_download(
    response: Response,
    filename: str,
    *,
    period: tuple[date, date] | None = None,
    rows: int | None = None,
    obj=None,
) -> Response:
    """Mark a response as an attachment that no shared cache may keep, and audit it.

    `period` is the first and last day the file covers, `rows` the number of records in it
    where the file is a list of records, `obj` the record it is of (a period, a job)."""
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    record_download(filename, period=period, rows=rows, obj=obj)
    return response


def record_download(
    filename: str,
    *,
    period: tuple[date, date] | None = None,
    rows: int | None = None,
    obj=None,
) -> None:
    """Write a file's leaving to the audit log: the route, the file, its days and records."""
    detail = {"route": request.endpoint or request.path, "file": filename}
    if period is not None:
        detail["period"] = f"{period[0].isoformat()} – {period[1].isoformat()}"
    if rows is not None:
        detail["rows"] = rows
    with write_tx():
        audit.record(current_user, "download", obj, detail=detail)
