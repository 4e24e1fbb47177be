"""Headers on every response, session idle timeout, and the forced password change."""

import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

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
#: rewriting the session cookie on every request is pointless; once a minute is precise enough
SEEN_RESOLUTION_SECONDS = 60


def add_static_headers(headers, _path, _url) -> None:
    """WhiteNoise hook: static files get the same security headers as pages."""
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    for name, value in COMMON_HEADERS.items():
        headers[name] = value


def init_security(app: Flask) -> None:
    idle_seconds = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()

    @app.before_request
    def _end_idle_session():
        if "_user_id" not in session:
            return None
        now = int(time.time())
        seen = session.get("seen", now)
        if now - seen > idle_seconds:
            logout_user()
            session.clear()
            flash(_("You were signed out after a period of inactivity."), "info")
            return redirect_to(url_for("auth.login"))
        if now - seen >= SEEN_RESOLUTION_SECONDS or "seen" not in session:
            session["seen"] = now
        return None

    @app.before_request
    def _force_password_change():
        if request.endpoint in PASSWORD_CHANGE_ENDPOINTS or not current_user.is_authenticated:
            return None
        if current_user.must_change_password:
            return redirect_to(url_for("auth.password"))
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
        return response


def login_redirect():
    """Flask-Login's unauthorized handler: htmx gets HX-Redirect, not a login form in a cell."""
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    target = url_for("auth.login", next=here)
    if request.htmx:
        return redirect_to(target)
    return redirect(target)
