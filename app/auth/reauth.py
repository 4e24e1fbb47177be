"""Re-authentication before a sensitive change: one's password, e-mail or second factor, and an
administrator's change of anyone's role or active state.

A view calls `confirm_identity()` once its form is valid. Within REAUTH_MINUTES of a sign-in
or of the last confirmation it returns None and the change goes ahead. Otherwise it returns
the confirm page, which carries everything the person typed as hidden fields and posts back to
the same action with the password (and the code, with a second factor on); that request
passes the check here and the action goes on with what was typed. The check is throttled like
a sign-in (app/auth/services.py) and audited.
"""

import time

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_babel import ngettext

from app.auth import services
from app.auth.devices import request_source
from app.auth.forms import ReauthForm
from app.htmx import render
from app.permissions import acting_user

SESSION_KEY = "reauth_at"
PREFIX = "reauth"


def mark_authenticated() -> None:
    session[SESSION_KEY] = int(time.time())


def recently_authenticated() -> bool:
    seconds = current_app.config.get("REAUTH_MINUTES", 5) * 60
    return time.time() - session.get(SESSION_KEY, 0) <= seconds


def confirm_identity(what: str):
    """None when the person authenticated recently (or just now, on the confirm page); else
    the confirm page. `what` names the change in a sentence ("Change your e-mail")."""
    if recently_authenticated():
        return None
    user = acting_user()
    form = ReauthForm(prefix=PREFIX)
    error = None
    if f"{PREFIX}-password" in request.form:
        if form.validate():
            result = services.reauthenticate(
                user, form.password.data, form.code.data or "", request_source()
            )
            if result.ok:
                mark_authenticated()
                return None
            error = wrong_message(result.wrong, result.wait_seconds)
        else:
            error = _("Enter your password.")
    kept = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and not name.startswith(f"{PREFIX}-")
    ]
    return render(
        "auth/confirm.html",
        form=form,
        kept=kept,
        action=request.full_path.rstrip("?"),
        what=what,
        error=error,
        two_factor=user.totp_enabled,
        status=422 if error else 200,
    )


def wait_message(seconds: int) -> str:
    if seconds >= 60:
        minutes = (seconds + 59) // 60
        return ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.",
            minutes,
        )
    return ngettext(
        "Too many failed attempts. Wait %(num)d second and try again.",
        "Too many failed attempts. Wait %(num)d seconds and try again.",
        seconds,
    )


def wrong_message(wrong: str, wait_seconds: int) -> str:
    if wrong == "code":
        message = _("The code is not correct.")
    elif wrong == "password":
        message = _("The password is not correct.")
    else:
        message = ""
    if wait_seconds:
        message = f"{message} {wait_message(wait_seconds)}".strip()
    return message
