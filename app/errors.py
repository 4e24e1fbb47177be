"""Error pages in the app's style, for full pages and htmx requests alike."""

import errno
from pathlib import Path
from urllib.parse import quote

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from peewee import InterfaceError, OperationalError, PeeweeException
from playhouse.pool import MaxConnectionsExceeded
from werkzeug.exceptions import HTTPException

from app import audit
from app.db import Trouble, describe_failure, free_mb, trouble_of, write_tx
from app.extensions import login_manager
from app.refusals import Refused

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Access denied"), _l("Your role does not allow this page.")),
    404: (_l("Not found"), _l("This page does not exist, or it is not yours to see.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    409: (
        _l("Changed meanwhile"),
        _l("This was changed or sent meanwhile. Check the page before you try again."),
    ),
    422: (_l("Not possible"), _l("This cannot be done now.")),
    413: (_l("File too large"), _l("The upload is larger than the allowed size.")),
    500: (_l("Something went wrong"), _l("The error was logged. Please try again later.")),
    503: (
        _l("Temporarily unavailable"),
        _l("The database cannot be reached right now. Please try again in a few minutes."),
    ),
}
FORM_EXPIRED = (
    _l("The form expired"),
    _l(
        "The page was open too long or you signed in again elsewhere, so the form could not be "
        "sent and nothing was saved. Go back, reload the page and send it again."
    ),
)
NOT_SAVED = _l("Nothing was saved")
#: what the person is told when the server could not save, by the cause
NOT_SAVED_BECAUSE = {
    Trouble.DISK_FULL: _l(
        "The server's disk is full, so nothing was saved. Please tell the administrator, then "
        "try again."
    ),
    Trouble.READ_ONLY: _l(
        "The database is read-only just now, so nothing was saved, and signing in is not "
        "possible either. Pages can still be read; try again later."
    ),
    Trouble.LOCKED: _l("The database is busy, so nothing was saved. Try again in a moment."),
}
#: a file that could not be written for want of space, or on a disk mounted read-only
FILE_TROUBLES = {
    errno.ENOSPC: Trouble.DISK_FULL,
    errno.EDQUOT: Trouble.DISK_FULL,
    errno.EROFS: Trouble.READ_ONLY,
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: answers that refuse a signed-in person a page of the app: written to the audit log
REFUSALS = {403, 404}
#: an id longer than this is no id of ours (and would not fit the log's integer column)
MAX_ID_DIGITS = 9


def render_error(code: int, title=None, message=None, *, offer_back: bool = False):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    message = message or default_message
    template = "errors/_error.html" if request.htmx else "errors/error.html"
    body = render_template(
        template, code=code, title=title or default_title, message=message, offer_back=offer_back
    )
    response = make_response(body, code)
    if request.htmx:
        # The page's script shows it above the form instead of swapping the form away; a
        # header carries Latin-1 only, hence percent-encoded UTF-8.
        response.headers["HX-Error-Message"] = quote(str(message), safe="")
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _form_expired(_error):
        record_refusal("csrf.failure", 400)
        return render_error(400, *FORM_EXPIRED, offer_back=True)

    @app.errorhandler(Refused)
    def _refused(refused: Refused):
        """A refusal no view caught (an address naming no valid month, say): its own page."""
        if refused.status in REFUSALS:
            record_refusal("access.denied", refused.status)
        return render_error(refused.status, refused.title, refused.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400 or error.code not in MESSAGES:
            return error
        if error.code in REFUSALS:
            record_refusal("access.denied", error.code)
        return render_error(error.code)

    @app.errorhandler(PeeweeException)
    @app.errorhandler(MaxConnectionsExceeded)
    def _database_failed(error):
        """A database that cannot answer or save: 503, saying why. Any other database error
        (a bug) goes on to the 500 page with its traceback."""
        trouble = trouble_of(error)
        if trouble is None and not isinstance(error, OperationalError | InterfaceError):
            raise error
        cause = describe_failure(error) if trouble else f"error ({error})"
        app.logger.warning("%s %s answered 503: database %s", request.method, request.path, cause)
        # Rendering must not touch the database again: a person not loaded yet is shown the
        # page as a visitor (one loaded keeps their language).
        if "_login_user" not in g:
            g._login_user = login_manager.anonymous_user()
        return _not_saved(trouble)

    @app.errorhandler(OSError)
    def _file_not_written(error: OSError):
        """A file that could not be written for a full or read-only disk: 503, saying why."""
        trouble = FILE_TROUBLES.get(error.errno)
        if trouble is None:
            raise error
        folder = Path(error.filename or ".").parent
        app.logger.error(
            "file write failed: %s (%s MB free in %s): %s", trouble, free_mb(folder), folder, error
        )
        return _not_saved(trouble)

    @app.errorhandler(500)
    def _server_error(_error):
        return render_error(500)


def record_refusal(action: str, status: int) -> None:
    """Audit a refused request: the route, the record its address names, who and from where.

    A 404 counts only on an address of the app (a route matched) that names a record by its id,
    for a signed-in person: an object not theirs to see is answered 404 like one that does not
    exist. A CSRF failure counts
    for anyone. Only ids are kept, never a value typed; a log that cannot be written (the
    database is down) does not hide the answer."""
    signed_in = current_user.is_authenticated
    if action == "access.denied" and (request.url_rule is None or not signed_in):
        return
    in_path, in_query = _ids(request.view_args or {}), _ids(request.args.to_dict())
    if status == 404 and action == "access.denied" and not (in_path or in_query):
        return  # names no record: a page gone (a finished job polled), not one refused
    named = next(iter((in_path or in_query).items()), None)
    obj = (named[0].removesuffix("_id"), named[1]) if named else None
    ids = {**in_query, **in_path}
    detail = {"route": request.endpoint or request.path[:200], "status": status}
    if len(ids) > 1:
        detail["ids"] = ", ".join(f"{name}={value}" for name, value in ids.items())
    try:
        with write_tx():
            audit.record(current_user, action, obj, detail=detail)
    except PeeweeException as error:
        current_app.logger.warning("%s not audited: %s", action, error)


def _ids(values: dict) -> dict[str, int]:
    """The values of an address that are ids (whole numbers an id column holds), by name."""
    found = {}
    for name, value in sorted(values.items()):
        text = str(value)
        if text.isascii() and text.isdecimal() and len(text) <= MAX_ID_DIGITS:
            found[name[:40]] = int(text)
    return found


def _not_saved(trouble: Trouble | None):
    message = NOT_SAVED_BECAUSE.get(trouble)
    return render_error(
        503,
        NOT_SAVED if message else None,
        message,
        offer_back=request.method in UNSAFE_METHODS,
    )
