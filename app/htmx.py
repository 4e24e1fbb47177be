"""One way to answer both full-page and htmx requests."""

from collections.abc import Callable

from flask import Response, flash, make_response, redirect, render_template, request
from flask_babel import gettext as _

from app.refusals import Refused, show_refusal


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


def after_change(page_url: str, render_page: Callable[[int], Response], refused=None, message=""):
    """After a change on a page: its outcome flashed, then the page again for htmx (422 when
    refused; `render_page(status)` draws it), else a redirect to it."""
    if refused is not None:
        flash(str(refused), "error")
    elif message:
        flash(message, "success")
    if not wants_fragment():
        return redirect(page_url, 303)
    return render_page(200 if refused is None else 422)


def saved_or_again(form, save: Callable, done, back: str, again: Callable[[], Response]):
    """A posted form's answer: when it is valid and `save()` takes it, `done` is flashed (or
    "Nothing changed." when `save()` returns False) and the user goes to `back`; else `again()`
    draws the form with its input and the messages beside the fields, as a 422."""
    if form.validate():
        try:
            changed = save()
        except Refused as refused:
            show_refusal(form, refused)
        else:
            flash(_("Nothing changed.") if changed is False else done, "success")
            return redirect_to(back)
    response = again()
    response.status_code = 422
    return response
