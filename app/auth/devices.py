"""Known devices: a signed cookie a browser gets after a good sign-in, naming the accounts that
signed in on it. An attempt from a known device of the account is throttled only by that
device's own failures, so failures elsewhere (an attacker's) do not lock the owner out.

The cookie is signed with the app's SECRET_KEY (itsdangerous), HttpOnly, SameSite=Lax, and over
HTTPS Secure with the `__Host-` prefix. A cookie naming another account counts for nothing: it
only ever passes the throttle of the accounts that signed in on that browser.
"""

import secrets
from dataclasses import dataclass, field

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.audit import client_ip

SALT = "mentoru.known-device"
LIFETIME_DAYS = 365
#: a browser shared by a few colleagues stays known for the last few of them
MAX_ACCOUNTS = 8


COOKIE = "mentoru_device"


def cookie_name() -> str:
    return f"__Host-{COOKIE}" if current_app.config.get("HTTPS") else COOKIE


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


@dataclass(frozen=True)
class Source:
    """Where an attempt comes from: the client's IP, and the known device it carries, if any."""

    ip: str
    device: str = ""
    accounts: tuple[int, ...] = field(default=())

    def device_for(self, user) -> str:
        """The device id when this browser is a known device of `user`, else ""."""
        if user is not None and self.device and user.id in self.accounts:
            return self.device
        return ""


def read(value: str | None) -> tuple[str, tuple[int, ...]]:
    """(device id, account ids) of a cookie value; ("", ()) when missing, forged or old."""
    if not value:
        return "", ()
    try:
        data = _serializer().loads(value, max_age=LIFETIME_DAYS * 86400)
    except BadSignature:
        return "", ()
    device, accounts = data.get("d"), data.get("u")
    if not isinstance(device, str) or not isinstance(accounts, list):
        return "", ()
    return device, tuple(a for a in accounts if isinstance(a, int))


def request_source() -> Source:
    device, accounts = read(request.cookies.get(cookie_name()))
    return Source(ip=client_ip(), device=device, accounts=accounts)


def remember(response, user) -> None:
    """Mark this browser as a known device of `user` (kept with the others it already names)."""
    device, accounts = read(request.cookies.get(cookie_name()))
    device = device or secrets.token_hex(16)
    accounts = [user.id, *(a for a in accounts if a != user.id)][:MAX_ACCOUNTS]
    https = bool(current_app.config.get("HTTPS"))
    response.set_cookie(
        cookie_name(),
        _serializer().dumps({"d": device, "u": accounts}),
        max_age=LIFETIME_DAYS * 86400,
        path="/",
        secure=https,
        httponly=True,
        samesite="Lax",
    )
