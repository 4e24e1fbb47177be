"""One way to answer both full-page and htmx requests."""

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    """An htmx swap, not a history restore (which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(page: str, fragment: str | None = None, status: int = 200, **context) -> Response:
    """The fragment for htmx requests, else the full page (which includes the fragment)."""
    template = fragment if fragment and wants_fragment() else page
    return make_response(render_template(template, **context), status)


def redirect_to(url: str) -> Response:
    """Navigate after success: HX-Redirect for htmx, a 303 otherwise."""
    if request.htmx:
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    response = make_response("", 303)
    response.headers["Location"] = url
    return response
