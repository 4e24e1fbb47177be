"""Headers on every response (HSTS over HTTPS), the session's idle timeout and absolute lifetime,
the forced password change, the second factor a role requires, and request values free of NUL
characters."""

import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from htmx_flask.requests import HtmxAwareRequest
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from app.htmx import redirect_to

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
#: what a user who must change a password may still reach
PASSWORD_CHANGE_ENDPOINTS = {"auth.password", "auth.logout", "core.health", "static"}
#: what a user who must still set up a second factor may reach
TWO_FACTOR_SETUP_ENDPOINTS = {
    "auth.two_factor",
    "auth.two_factor_enable",
    "auth.logout",
    "core.health",
    "static",
}
#: the session's note, made at sign-in, that the person's role requires a second factor they
#: have not set up (a requirement changed later applies from their next sign-in)
TWO_FACTOR_SETUP_KEY = "two_factor_setup"
#: rewriting the session cookie on every request is pointless; once a minute is precise enough
SEEN_RESOLUTION_SECONDS = 60
#: over HTTPS, browsers go on using HTTPS for a year (and never accept a certificate error)
HSTS = "max-age=31536000"


def static_headers(https: bool):
    """The WhiteNoise hook: static files get the same security headers as pages."""

    def add(headers, _path, _url) -> None:
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        for name, value in COMMON_HEADERS.items():
            headers[name] = value
        if https:
            headers["Strict-Transport-Security"] = HSTS

    return add


class NulFreeValues(ImmutableMultiDict):
    """A request's query, form and file values without NUL characters: nobody types one, and
    PostgreSQL cannot store it (whoever sent it would get a 500 there)."""

    def __init__(self, mapping=None):
        if isinstance(mapping, MultiDict):
            mapping = mapping.items(multi=True)
        if mapping is not None and not isinstance(mapping, dict):
            mapping = [(_without_nul(key), _without_nul(value)) for key, value in mapping]
        super().__init__(mapping)


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class AppRequest(HtmxAwareRequest):
    """htmx-flask's request (request.htmx), with NUL-free values."""

    parameter_storage_class = NulFreeValues


def init_security(app: Flask) -> None:
    app.request_class = AppRequest
    idle_seconds = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    max_seconds = app.config["SESSION_MAX_HOURS"] * 3600
    https = bool(app.config.get("HTTPS"))

    @app.before_request
    def _end_old_session():
        if "_user_id" not in session:
            return None
        now = int(time.time())
        seen = session.get("seen", now)
        if now - seen > idle_seconds:
            return _sign_out(_("You were signed out after a period of inactivity."))
        # a session from before the lifetime was kept starts counting now
        if now - session.setdefault("started", now) > max_seconds:
            return _sign_out(_("Your session has ended: sign in again."))
        if now - seen >= SEEN_RESOLUTION_SECONDS or "seen" not in session:
            session["seen"] = now
        return None

    @app.before_request
    def _force_account_setup():
        """A temporary password is changed first, then a second factor the role requires is
        set up; until then nothing else can be reached."""
        if not current_user.is_authenticated:
            return None
        if current_user.must_change_password:
            if request.endpoint in PASSWORD_CHANGE_ENDPOINTS:
                return None
            return redirect_to(url_for("auth.password"))
        if request.endpoint in TWO_FACTOR_SETUP_ENDPOINTS:
            return None
        if session.get(TWO_FACTOR_SETUP_KEY) and not current_user.totp_enabled:
            return redirect_to(url_for("auth.two_factor"))
        return None

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        for name, value in COMMON_HEADERS.items():
            response.headers.setdefault(name, value)
        response.vary.add("HX-Request")
        response.vary.add("Cookie")
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        if https:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


def _sign_out(message: str):
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect_to(url_for("auth.login"))


def login_redirect():
    """Flask-Login's unauthorized handler: htmx gets HX-Redirect, not a login form in a cell."""
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    target = url_for("auth.login", next=here)
    if request.htmx:
        return redirect_to(target)
    return redirect(target)
