"""Login with throttling, logout and password change: the rules, without request objects."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from peewee import JOIN, fn

from app import audit
from app.accounts import User
from app.auth import passwords, twofactor
from app.auth.devices import Source
from app.auth.models import LoginAttempt
from app.core.models import get_setting
from app.db import utcnow, write_tx
from app.permissions import Role
from app.statements import statement

FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
#: the ceiling on one account's failures from everywhere, for attempts from unknown devices
ACCOUNT_CEILING = 20
ACCOUNT_CEILING_WINDOW = timedelta(hours=1)
#: hex digits of an unknown name's fingerprint in the audit log
FINGERPRINT_DIGITS = 12

# How the limits hold together (every attempt is a LoginAttempt row, so they hold across
# workers and servers; a wrong second-factor code and a wrong current password at a
# re-authentication are failures like a wrong password, with the same delays and message):
#
# - From a known device of the account (app/auth/devices.py): only that device's own failures
#   for the account count, reset by its success. Nobody elsewhere can make the owner wait.
# - From anywhere else, the longest of three waits:
#   * the account from this IP: 5 free failures, then 30 s doubling up to 15 min, reset by a
#     success of the account from this IP — failures from other IPs do not count here, so
#     eleven failures from throw-away IPs do not lock the owner out;
#   * this IP, whatever the accounts: the same delays, and never reset by a success (an
#     attacker cannot interleave a sign-in of their own to spray passwords from one IP);
#   * the account's ceiling: once it had ACCOUNT_CEILING failures from everywhere in the last
#     hour, attempts without a known device wait until the oldest of them is an hour old.
#
# What a distributed attacker gets: against one account, at most ACCOUNT_CEILING (20) guesses
# an hour however many IPs they hold — under ASVS's 100 — about 480 a day, against a password
# of 12 characters or more outside the 30 000 common ones, and a second factor on top for the
# roles that must have one. What it costs the owner: while such a run goes on, the owner signs
# in from a known device as usual; from a new device they wait at most an hour.


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    wait_seconds: int = 0  #: > 0 when the attempt was refused unchecked because of throttling
    #: the password was right; the second factor's code is asked next (not signed in yet)
    needs_code: bool = False


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _failures_since(where, since: datetime, reset_by=None) -> tuple[int, datetime | None]:
    """Failures matching `where` in the window, after the last success matching `reset_by`."""
    start = since
    if reset_by is not None:
        last_success = (
            LoginAttempt.select(fn.MAX(LoginAttempt.at))
            .where(reset_by, LoginAttempt.succeeded, LoginAttempt.at >= since)
            .scalar()
        )
        start = max(since, last_success) if last_success else since
    count, last = (
        LoginAttempt.select(fn.COUNT(LoginAttempt.id), fn.MAX(LoginAttempt.at))
        .where(where, ~LoginAttempt.succeeded, LoginAttempt.at >= start)
        .tuples()
        .get()
    )
    return count, last


def delay_after(failures: int) -> int:
    """Seconds to wait after this many failures: none for the first few, then doubling."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def _remaining(last: datetime | None, seconds: float, now: datetime) -> int:
    if last is None or seconds <= 0:
        return 0
    return max(0, int((last + timedelta(seconds=seconds) - now).total_seconds() + 0.999))


def _delay_wait(where, now: datetime, reset_by=None) -> int:
    count, last = _failures_since(where, now - FAILURE_WINDOW, reset_by)
    return _remaining(last, delay_after(count), now)


def _ceiling_wait(username: str, now: datetime) -> int:
    """Seconds until the account is under its ceiling of failures from everywhere again."""
    oldest_counted = (
        LoginAttempt.select(LoginAttempt.at)
        .where(
            LoginAttempt.username == username,
            ~LoginAttempt.succeeded,
            LoginAttempt.at >= now - ACCOUNT_CEILING_WINDOW,
        )
        .order_by(LoginAttempt.at.desc())
        .offset(ACCOUNT_CEILING - 1)
        .limit(1)
        .scalar()
    )
    return _remaining(oldest_counted, ACCOUNT_CEILING_WINDOW.total_seconds(), now)


def throttle_wait(username: str, ip: str, now: datetime, device: str = "") -> int:
    """How many seconds an attempt on this account from this source must still wait."""
    attempt = LoginAttempt
    if device:
        pair = (attempt.username == username) & (attempt.device == device)
        return _delay_wait(pair, now, reset_by=pair)
    from_here = (attempt.username == username) & (attempt.ip == ip)
    return max(
        _delay_wait(from_here & (attempt.device == ""), now, reset_by=from_here),
        _delay_wait(attempt.ip == ip, now),
        _ceiling_wait(username, now),
    )


def source_wait(user: User, source: Source) -> int:
    """The throttle's wait for an attempt on `user` (a password or a code) from `source`."""
    return throttle_wait(user.username, source.ip, utcnow(), source.device_for(user))


def _count_attempt(username: str, source: Source, device: str, ok: bool, now=None) -> None:
    LoginAttempt.create(
        username=username, ip=source.ip, device=device, at=now or utcnow(), succeeded=ok
    )


def attempt_login(username: str, password: str, source: Source) -> LoginResult:
    """Check the credentials unless throttled; every try is counted and audited. With a second
    factor on, a right password is not yet a sign-in: `needs_code` asks for the code."""
    username = normalise_username(username)[:64]
    now = utcnow()
    user = User.get_or_none(User.username == username)
    device = source.device_for(user)
    wait = throttle_wait(username, source.ip, now, device)
    if wait:
        ok = False
    elif user is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        ok = False
    else:
        ok = passwords.verify_password(user.password_hash, password) and user.active
    with write_tx():
        if ok and passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
            user.save(only=[User.password_hash])
        if ok and user.totp_enabled:
            # neither a success (it would reset the counts the code step is throttled by) nor
            # a failure: the code decides
            return LoginResult(user=user, needs_code=True)
        _count_attempt(username, source, device, ok, now)
        if ok:
            _signed_in(user, now)
        else:
            # a name that is no account's, as a keyed fingerprint: the same name tried again reads
            # the same (a guessing run shows), but a password typed into the name field is not
            # written down
            tried = [] if user is not None else [f"unknown:{name_fingerprint(username)}"]
            audit.record(None, "login.failure", user, tried)
    if ok:
        return LoginResult(user=user)
    return LoginResult(wait_seconds=wait or throttle_wait(username, source.ip, now, device))


def _signed_in(user: User, now: datetime) -> None:
    user.last_login_at = now
    user.save(only=[User.last_login_at])
    audit.record(user, "login.success", user)


@dataclass(frozen=True)
class CodeResult:
    ok: bool = False
    wait_seconds: int = 0
    recovery_used: bool = False


def check_code(user: User, code: str, source: Source, *, count_success: bool) -> CodeResult:
    """The second factor's code (or a recovery code) unless throttled; a failure counts in the
    throttle like a wrong password. Call inside write_tx(). `count_success`: a success is
    counted too (it resets this source's failures), at a sign-in and a re-authentication."""
    device = source.device_for(user)
    now = utcnow()
    wait = throttle_wait(user.username, source.ip, now, device)
    if wait:
        _count_attempt(user.username, source, device, False, now)
        return CodeResult(wait_seconds=wait)
    code = twofactor.normalise_code(code)
    recovery = False
    step = twofactor.matching_step(user.totp_secret, code, user.totp_last_step)
    ok = step is not None and twofactor.claim_step(user, step)
    if not ok and user.totp_enabled and not twofactor.TOTP_CODE.match(code):
        ok = recovery = twofactor.use_recovery_code(user, code)
    if ok and recovery:
        audit.record(user, "twofactor.recovery_code_used", user, ["recovery_codes"])
    if ok and not count_success:
        return CodeResult(ok=True, recovery_used=recovery)
    _count_attempt(user.username, source, device, ok, now)
    if ok:
        return CodeResult(ok=True, recovery_used=recovery)
    return CodeResult(wait_seconds=throttle_wait(user.username, source.ip, now, device))


def complete_login(user: User, code: str, source: Source) -> CodeResult:
    """The second step of a sign-in: the code after the right password."""
    with write_tx():
        result = check_code(user, code, source, count_success=True)
        if result.ok:
            _signed_in(user, utcnow())
        else:
            audit.record(None, "login.failure", user, ["second_factor"])
    return result


@dataclass(frozen=True)
class ReauthResult:
    ok: bool = False
    wait_seconds: int = 0
    wrong: str = ""  #: "password" or "code": what was not right


def reauthenticate(user: User, password: str, code: str, source: Source) -> ReauthResult:
    """The current password (and code, with a second factor) again, before a sensitive change;
    throttled and counted like a sign-in. Audited."""
    device = source.device_for(user)
    now = utcnow()
    wait = throttle_wait(user.username, source.ip, now, device)
    if wait:
        with write_tx():
            _count_attempt(user.username, source, device, False, now)
            audit.record(user, "reauth.failure", user)
        return ReauthResult(wait_seconds=wait)
    password_ok = passwords.verify_password(user.password_hash, password or "")
    with write_tx():
        if password_ok and user.totp_enabled:
            result = check_code(user, code, source, count_success=True)
            if result.ok:
                audit.record(user, "reauth.success", user)
                return ReauthResult(ok=True)
            audit.record(user, "reauth.failure", user, ["second_factor"])
            return ReauthResult(wait_seconds=result.wait_seconds, wrong="code")
        _count_attempt(user.username, source, device, password_ok, now)
        audit.record(user, "reauth.success" if password_ok else "reauth.failure", user)
    if password_ok:
        return ReauthResult(ok=True)
    return ReauthResult(
        wait_seconds=throttle_wait(user.username, source.ip, now, device), wrong="password"
    )


def name_fingerprint(username: str) -> str:
    """An unknown username as the audit log keeps it: HMAC-SHA-256 under the app's secret key,
    shortened; the name cannot be read back from it."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, username.encode(), hashlib.sha256).hexdigest()
    return digest[:FINGERPRINT_DIGITS]


@statement(int)
def _session_user(user_id: int):
    # the supervisor's name comes along: the home page shows it, and it saves a query there
    supervisor = User.alias()
    return (
        User.select(User, supervisor.id, supervisor.display_name)
        .join(supervisor, JOIN.LEFT_OUTER, on=(User.supervisor == supervisor.id), attr="supervisor")
        .where(User.id == user_id)
        .limit(1)
    )


def load_session_user(user_id: str) -> User | None:
    """The user behind a session id "<id>:<token>", if still active and the token still current."""
    id_part, _, token = user_id.partition(":")
    if not id_part.isdecimal() or not token:
        return None
    user = _session_user.first(int(id_part))
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


# --- which roles must use a second factor --------------------------------------------------

#: the setting holding the roles that must use a second factor (comma-separated role codes)
TWO_FACTOR_ROLES_KEY = "two_factor_roles"
#: a new installation's requirement (migration 0022 writes it for existing ones)
DEFAULT_TWO_FACTOR_ROLES = (Role.ADMIN, Role.LEAD, Role.COORDINATOR)


def two_factor_roles() -> frozenset[str]:
    """The roles that must use a second factor (the setting; the default when it is missing)."""
    value = get_setting(TWO_FACTOR_ROLES_KEY, ",".join(DEFAULT_TWO_FACTOR_ROLES))
    return frozenset(role for role in value.split(",") if role in Role.ALL)


def two_factor_required(user) -> bool:
    """True when the user's role requires a second factor they have not set up yet."""
    return not user.totp_enabled and user.role in two_factor_roles()


# --- the second factor on one's account ---------------------------------------------------


def pending_secret(user: User) -> str:
    """The secret being set up (made on the first visit, kept until confirmed)."""
    if user.totp_enabled:
        raise ValueError("the second factor is already on")
    if not user.totp_secret:
        with write_tx():
            user.totp_secret = twofactor.new_secret()
            user.save(only=[User.totp_secret])
    return user.totp_secret


def enable_two_factor(user: User, code: str, source: Source) -> tuple[CodeResult, list[str]]:
    """Turn the second factor on with a first code from the app: (the check's result, the
    recovery codes to show once). Other sessions end; audited."""
    with write_tx():
        result = check_code(user, code, source, count_success=False)
        if not result.ok:
            audit.record(user, "twofactor.enable_failure", user)
            return result, []
        codes, stored = twofactor.new_recovery_codes()
        user.totp_enabled = True
        user.recovery_codes = stored
        user.session_token = passwords.new_session_token()
        user.save(only=[User.totp_enabled, User.recovery_codes, User.session_token])
        audit.record(user, "twofactor.enable", user, ["totp_enabled", "recovery_codes"])
    return result, codes


def _turn_off(user: User) -> None:
    user.totp_enabled = False
    user.totp_secret = ""
    user.recovery_codes = ""
    user.session_token = passwords.new_session_token()
    user.save(only=[User.totp_enabled, User.totp_secret, User.recovery_codes, User.session_token])


def disable_two_factor(user: User) -> None:
    """Turn one's own second factor off (after a re-authentication); other sessions end."""
    with write_tx():
        _turn_off(user)
        audit.record(user, "twofactor.disable", user, ["totp_enabled"])


def reset_two_factor(actor: User, user: User) -> None:
    """The administrator turns someone's second factor off (a lost phone): the person signs in
    with the password and, if their role requires it, sets it up again. Their sessions end."""
    with write_tx():
        _turn_off(user)
        audit.record(actor, "twofactor.reset", user, ["totp_enabled"])


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes, shown once; the old ones stop working. Audited."""
    codes, stored = twofactor.new_recovery_codes()
    with write_tx():
        user.recovery_codes = stored
        user.save(only=[User.recovery_codes])
        audit.record(user, "twofactor.recovery_codes", user, ["recovery_codes"])
    return codes


def set_email(user: User, email: str) -> bool:
    """One's own e-mail for reminders; True when it changed. Audited."""
    if email == user.email:
        return False
    with write_tx():
        user.email = email
        user.save(only=[User.email])
        audit.record(user, "user.email", user, ["email"])
    return True
