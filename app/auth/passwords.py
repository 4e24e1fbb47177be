"""Password rules and hashing: length only, no composition rules, common passwords refused."""

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 128
DEMO_PASSWORD = "mentors-demo-2020"  # noqa: S105 -- the published demo password, refused for real use

hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def common_passwords() -> frozenset[str]:
    """The 30 000 most common passwords (zxcvbn's bundled list) plus our own well-known ones."""
    return frozenset(FREQUENCY_LISTS["passwords"]) | {DEMO_PASSWORD}


def password_problem(password: str, username: str = "") -> str | None:
    """Why this new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or (username and lowered == username.lower()):
        return _l("This password is too common or easy to guess. Choose another.")
    return None


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher.check_needs_rehash(password_hash)


def new_session_token() -> str:
    return secrets.token_hex(16)


def temporary_password() -> str:
    """A one-time password an administrator hands over; changed at the next login."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


@cache
def dummy_hash() -> str:
    """Verifying against this when the username is unknown keeps both paths equally slow."""
    return hasher.hash(secrets.token_hex(16))
