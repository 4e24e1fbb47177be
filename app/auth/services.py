"""Login with throttling, logout and password change: the rules, without request objects."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from peewee import fn

from app import audit
from app.accounts import User
from app.auth import passwords
from app.auth.models import LoginAttempt
from app.db import utcnow, write_tx

FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
#: hex digits of an unknown name's fingerprint in the audit log
FINGERPRINT_DIGITS = 12


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    wait_seconds: int = 0  #: > 0 when the attempt was refused unchecked because of throttling


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _recent_failures(key_field, key: str, since: datetime) -> tuple[int, datetime | None]:
    """Failures for one key (account or IP) in the window, after its last success."""
    last_success = (
        LoginAttempt.select(fn.MAX(LoginAttempt.at))
        .where(key_field == key, LoginAttempt.succeeded, LoginAttempt.at >= since)
        .scalar()
    )
    start = max(since, last_success) if last_success else since
    count, last = (
        LoginAttempt.select(fn.COUNT(LoginAttempt.id), fn.MAX(LoginAttempt.at))
        .where(key_field == key, ~LoginAttempt.succeeded, LoginAttempt.at >= start)
        .tuples()
        .get()
    )
    return count, last


def delay_after(failures: int) -> int:
    """Seconds to wait after this many failures: none for the first few, then doubling."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def throttle_wait(username: str, ip: str, now: datetime) -> int:
    """How many seconds this account or this IP must still wait before the next try."""
    since = now - FAILURE_WINDOW
    wait = 0
    for field, key in ((LoginAttempt.username, username), (LoginAttempt.ip, ip)):
        count, last = _recent_failures(field, key, since)
        if last is not None:
            remaining = (last + timedelta(seconds=delay_after(count)) - now).total_seconds()
            wait = max(wait, int(remaining + 0.999))
    return wait


def attempt_login(username: str, password: str, ip: str) -> LoginResult:
    """Check the credentials unless throttled; every try is counted and audited."""
    username = normalise_username(username)[:64]
    now = utcnow()
    wait = throttle_wait(username, ip, now)
    user = User.get_or_none(User.username == username)
    if wait:
        ok = False
    elif user is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        ok = False
    else:
        ok = passwords.verify_password(user.password_hash, password) and user.active
    with write_tx():
        LoginAttempt.create(username=username, ip=ip, at=now, succeeded=ok)
        if ok:
            changed = ["last_login_at"]
            user.last_login_at = now
            if passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(password)
                changed.append("password_hash")
            user.save(only=[getattr(User, name) for name in changed])
            audit.record(user, "login.success", user)
        else:
            # a name that is no account's, as a keyed fingerprint: the same name tried again reads
            # the same (a guessing run shows), but a password typed into the name field is not
            # written down
            tried = [] if user is not None else [f"unknown:{name_fingerprint(username)}"]
            audit.record(None, "login.failure", user, tried)
    if ok:
        return LoginResult(user=user)
    return LoginResult(wait_seconds=wait or throttle_wait(username, ip, now))


def name_fingerprint(username: str) -> str:
    """An unknown username as the audit log keeps it: HMAC-SHA-256 under the app's secret key,
    shortened; the name cannot be read back from it."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, username.encode(), hashlib.sha256).hexdigest()
    return digest[:FINGERPRINT_DIGITS]


def load_session_user(user_id: str) -> User | None:
    """The user behind a session id "<id>:<token>", if still active and the token still current."""
    id_part, _, token = user_id.partition(":")
    if not id_part.isdecimal() or not token:
        return None
    user = User.get_or_none(User.id == int(id_part))
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def end_all_sessions(user: User, actor, action: str) -> None:
    """Rotate the session token so every open session of this user ends; audited."""
    with write_tx():
        user.session_token = passwords.new_session_token()
        user.save(only=[User.session_token])
        audit.record(actor, action, user)


def set_password(actor, user: User, password: str, *, temporary: bool, action: str) -> None:
    """Store a new password; every open session of the user ends. Audited as `action`."""
    with write_tx():
        user.password_hash = passwords.hash_password(password)
        user.must_change_password = temporary
        user.session_token = passwords.new_session_token()
        user.save(only=[User.password_hash, User.must_change_password, User.session_token])
        audit.record(actor, action, user, ["password_hash"])


def change_password(user: User, new_password: str) -> None:
    """Set a new password chosen by the user themself."""
    set_password(user, user, new_password, temporary=False, action="password.change")


def set_language(user: User, language: str) -> None:
    with write_tx():
        user.language = language
        user.save(only=[User.language])
        audit.record(user, "user.language", user, ["language"])
