"""Error pages in the app's style, for full pages and htmx requests alike."""

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from peewee import InterfaceError, OperationalError
from playhouse.pool import MaxConnectionsExceeded
from werkzeug.exceptions import HTTPException

from app.extensions import login_manager
from app.refusals import Refused

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Access denied"), _l("Your role does not allow this page.")),
    404: (_l("Not found"), _l("This page does not exist, or it is not yours to see.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
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


def render_error(code: int, title=None, message=None, *, offer_back: bool = False):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    template = "errors/_error.html" if request.htmx else "errors/error.html"
    body = render_template(
        template,
        code=code,
        title=title or default_title,
        message=message or default_message,
        offer_back=offer_back,
    )
    return body, code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _form_expired(_error):
        return render_error(400, *FORM_EXPIRED, offer_back=True)

    @app.errorhandler(Refused)
    def _refused(refused: Refused):
        """A refusal no view caught (an address naming no valid month, say): its own page."""
        return render_error(refused.status, refused.title, refused.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400 or error.code not in MESSAGES:
            return error
        return render_error(error.code)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(MaxConnectionsExceeded)
    def _database_unavailable(error):
        app.logger.error("database unavailable: %s", error)
        if request.endpoint == "core.health":
            return {"status": "unavailable"}, 503
        # Rendering must not touch the database again: show the page as for a visitor.
        g._login_user = login_manager.anonymous_user()
        return render_error(503)

    @app.errorhandler(500)
    def _server_error(_error):
        return render_error(500)
