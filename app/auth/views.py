"""Sign in (with the second factor's step when it is on), sign out, one's own account: e-mail,
password and second factor."""

import time

from flask import Blueprint, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts import User
from app.auth import devices, reauth, services, twofactor
from app.auth.forms import (
    AccountForm,
    CodeForm,
    EnableTwoFactorForm,
    LoginForm,
    PasswordChangeForm,
)
from app.auth.reauth import confirm_identity, wait_message, wrong_message
from app.auth.services import two_factor_required
from app.core.forms import LanguageForm
from app.core.models import organisation_name
from app.htmx import redirect_to, render
from app.permissions import acting_user, public, requires
from app.security import TWO_FACTOR_SETUP_KEY
from app.urls import safe_next

bp = Blueprint("auth", __name__)

#: the half-signed-in state between the password and the code: not a sign-in
PENDING_KEY = "pending_login"
PENDING_SECONDS = 5 * 60


def start_session(user) -> None:
    """A fresh session for this user: nothing of the previous session survives. A sign-in is
    an authentication: the re-authentication asked before sensitive changes starts fresh.

    A language picked on the login page just before signing in becomes the account's language.
    """
    language = session.get("lang")
    if session.get("lang_picked") and language and language != user.language:
        services.set_language(user, language)
    session.clear()
    # a page rendered in this request must carry a token of the new session, not the old one
    g.pop("csrf_token", None)
    login_user(user)
    session.permanent = True
    session["seen"] = session["started"] = int(time.time())
    reauth.mark_authenticated()
    session[TWO_FACTOR_SETUP_KEY] = two_factor_required(user)
    if language:
        session["lang"] = language


def _after_sign_in(user, next_url: str):
    """Where a completed sign-in goes; the browser becomes a known device of the account."""
    start_session(user)
    if user.must_change_password:
        target = url_for("auth.password")
    elif session[TWO_FACTOR_SETUP_KEY]:
        target = url_for("auth.two_factor")
    else:
        target = safe_next(next_url) or url_for("core.index")
    response = redirect(target, 303)
    devices.remember(response, user)
    return response


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
        result = services.attempt_login(
            form.username.data, form.password.data, devices.request_source()
        )
        if result.needs_code:
            session[PENDING_KEY] = {
                "u": result.user.id,
                "t": result.user.session_token,
                "at": int(time.time()),
                "next": safe_next(form.next.data) or "",
            }
            return redirect(url_for("auth.login_code"), 303)
        if result.user is not None:
            return _after_sign_in(result.user, form.next.data)
        error = _("Wrong username or password.")
        if result.wait_seconds:
            error = f"{error} {wait_message(result.wait_seconds)}"
    status = 422 if request.method == "POST" else 200
    return render(
        "auth/login.html", form=form, language_form=language_form, error=error, status=status
    )


def _pending_user():
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = User.get_or_none(User.id == pending.get("u"))
    if user is None or not user.active or user.session_token != pending.get("t"):
        return None, None
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code():
    """The second step of a sign-in with a second factor: the app's code or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        flash(_("Sign in again: the code was not entered in time."), "info")
        return redirect(url_for("auth.login"), 303)
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        result = services.complete_login(user, form.code.data, devices.request_source())
        if result.ok:
            response = _after_sign_in(user, pending.get("next", ""))
            if result.recovery_used:
                left = twofactor.recovery_codes_left(user)
                flash(
                    _(
                        "You signed in with a recovery code; %(num)d are left. If your phone "
                        "is lost, set up the second factor again.",
                        num=left,
                    ),
                    "info",
                )
            return response
        error = wrong_message("code", result.wait_seconds)
    status = 422 if request.method == "POST" else 200
    return render("auth/code.html", form=form, error=error, status=status)


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


@bp.route("/account", methods=["GET", "POST"])
@requires("account.manage_own")
def account():
    """One's own account: the e-mail for reminders (after a re-authentication), and the links
    to the password and the second factor."""
    user = acting_user()
    form = AccountForm(data={"email": user.email})
    if form.validate_on_submit():
        confirm = confirm_identity(_("Change your e-mail"))
        if confirm is not None:
            return confirm
        if services.set_email(user, form.email.data or ""):
            flash(_("Your e-mail is saved."), "success")
        return redirect_to(url_for("auth.account"))
    status = 422 if request.method == "POST" else 200
    return render(
        "auth/account.html",
        form=form,
        codes_left=twofactor.recovery_codes_left(user),
        status=status,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@requires("account.manage_own")
def password():
    """Change one's own password (the current one, and the code with a second factor, are
    checked and throttled like a sign-in); other sessions end, this one continues."""
    user = acting_user()
    form = PasswordChangeForm(user.username)
    if form.validate_on_submit():
        result = services.reauthenticate(
            user, form.current_password.data, form.code.data or "", devices.request_source()
        )
        if result.ok:
            services.change_password(user, form.new_password.data)
            start_session(user)
            flash(_("Your password is changed. Other devices were signed out."), "success")
            return redirect(url_for("core.index"), 303)
        if result.wrong == "code":
            form.code.errors.append(wrong_message("code", result.wait_seconds))
        else:
            message = _("The current password is not correct.")
            if result.wait_seconds:
                message = f"{message} {wait_message(result.wait_seconds)}"
            form.current_password.errors.append(message)
    status = 422 if request.method == "POST" else 200
    return render("auth/password.html", form=form, status=status)


@bp.get("/account/two-factor")
@requires("account.manage_own")
def two_factor():
    """The second factor: its state, or setting it up (QR code and the secret as text)."""
    user = acting_user()
    context = {"required": two_factor_required(user), "codes_left": 0}
    if user.totp_enabled:
        context["codes_left"] = twofactor.recovery_codes_left(user)
    else:
        context.update(_setup_context(user))
    return render("auth/two_factor.html", form=EnableTwoFactorForm(), **context)


def _setup_context(user) -> dict:
    secret = services.pending_secret(user)
    issuer = organisation_name() or twofactor.ISSUER
    uri = twofactor.provisioning_uri(user.username, secret, issuer)
    return {"qr_svg": twofactor.qr_svg(uri), "secret": twofactor.grouped_secret(secret)}


@bp.post("/account/two-factor/enable")
@requires("account.manage_own")
def two_factor_enable():
    """Turn the second factor on with a first code; the recovery codes are shown once."""
    user = acting_user()
    if user.totp_enabled:
        return redirect_to(url_for("auth.two_factor"))
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        confirm = confirm_identity(_("Set up the second factor"))
        if confirm is not None:
            return confirm
        result, codes = services.enable_two_factor(user, form.code.data, devices.request_source())
        if result.ok:
            start_session(user)  # other sessions ended; this one continues
            return render("auth/recovery_codes.html", codes=codes, first=True)
        form.code.errors.append(wrong_message("code", result.wait_seconds))
    return render(
        "auth/two_factor.html",
        form=form,
        required=two_factor_required(user),
        codes_left=0,
        status=422,
        **_setup_context(user),
    )


@bp.post("/account/two-factor/disable")
@requires("account.manage_own")
def two_factor_disable():
    """Turn one's second factor off, after a re-authentication."""
    user = acting_user()
    confirm = confirm_identity(_("Turn off the second factor"))
    if confirm is not None:
        return confirm
    if user.totp_enabled:
        services.disable_two_factor(user)
        start_session(user)
        flash(_("The second factor is off. Other devices were signed out."), "success")
    return redirect_to(url_for("auth.two_factor"))


@bp.post("/account/two-factor/recovery-codes")
@requires("account.manage_own")
def recovery_codes():
    """New recovery codes, after a re-authentication; the old ones stop working."""
    user = acting_user()
    if not user.totp_enabled:
        return redirect_to(url_for("auth.two_factor"))
    confirm = confirm_identity(_("Make new recovery codes"))
    if confirm is not None:
        return confirm
    codes = services.regenerate_recovery_codes(user)
    return render("auth/recovery_codes.html", codes=codes, first=False)
