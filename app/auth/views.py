"""Sign in, sign out, change one's own password."""

import time

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from app.audit import client_ip
from app.auth import services
from app.auth.forms import LoginForm, PasswordChangeForm
from app.auth.passwords import verify_password
from app.core.forms import LanguageForm
from app.htmx import render
from app.permissions import acting_user, public, requires
from app.urls import safe_next

bp = Blueprint("auth", __name__)


def start_session(user) -> None:
    """A fresh session for this user: nothing of the previous session survives.

    A language picked on the login page just before signing in becomes the account's language.
    """
    language = session.get("lang")
    if session.get("lang_picked") and language and language != user.language:
        services.set_language(user, language)
    session.clear()
    login_user(user)
    session.permanent = True
    session["seen"] = session["started"] = int(time.time())
    if language:
        session["lang"] = language


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


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The sign-in form; the same message for an unknown user and a wrong password."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm(next=request.args.get("next", ""))
    language_form = LanguageForm(language=session.get("lang", "lv"), next=request.full_path)
    error = None
    if form.validate_on_submit():
        result = services.attempt_login(form.username.data, form.password.data, client_ip())
        if result.user is not None:
            start_session(result.user)
            if result.user.must_change_password:
                return redirect(url_for("auth.password"), 303)
            return redirect(safe_next(form.next.data) or url_for("core.index"), 303)
        error = _("Wrong username or password.")
        if result.wait_seconds:
            error = f"{error} {wait_message(result.wait_seconds)}"
    status = 422 if request.method == "POST" else 200
    return render(
        "auth/login.html", form=form, language_form=language_form, error=error, status=status
    )


@bp.post("/logout")
@requires("account.manage_own")
def logout():
    """Sign out here and end this person's sessions on every other device too."""
    user = acting_user()
    services.end_all_sessions(user, user, "logout")
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/account/password", methods=["GET", "POST"])
@requires("account.manage_own")
def password():
    """Change one's own password; other sessions end, this one continues."""
    user = acting_user()
    form = PasswordChangeForm(user.username)
    if form.validate_on_submit():
        if verify_password(user.password_hash, form.current_password.data):
            services.change_password(user, form.new_password.data)
            start_session(user)
            flash(_("Your password is changed. Other devices were signed out."), "success")
            return redirect(url_for("core.index"), 303)
        form.current_password.errors.append(_("The current password is not correct."))
    status = 422 if request.method == "POST" else 200
    return render("auth/password.html", form=form, status=status)
