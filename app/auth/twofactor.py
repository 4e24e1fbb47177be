"""The second factor: TOTP (RFC 6238, 30-second steps, 6 digits) and single-use recovery codes.

The secret is generated here and shown once as a QR code (an inline SVG drawn on the server, so
no other host is asked and the page's CSP stays `default-src 'self'`) and as text. A code is
accepted once: the last time step used is stored, and a code of that step or an older one is
refused, also when two workers see the same code at the same moment (a conditional update).
"""

import hashlib
import hmac
import re
import secrets
import time

from flask import current_app

from app.accounts import User
from app.auth import passwords

STEP_SECONDS = 30
#: one step either side: a phone's clock a little off, or a code typed as it changes
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
#: no 0/o, 1/l/i: a code copied from paper is read without doubt; 10 characters ≈ 49 bits
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
TAG_DIGITS = 4
ISSUER = "Mentoru"
TOTP_CODE = re.compile(r"^\d{6}$")


# pyotp and segno are imported where a code is made or checked: most requests need neither.


def new_secret() -> str:
    import pyotp

    return pyotp.random_base32(32)  # 160 bits, as RFC 4226 recommends


def provisioning_uri(username: str, secret: str, issuer: str = ISSUER) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The otpauth URI as an SVG element to put in the page: presentation attributes only (no
    style attribute, no script), so it renders under `default-src 'self'`."""
    import segno

    qr = segno.make(uri, error="m")  # the standard's quiet zone of 4 modules: phones scan it
    return qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code")


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def matching_step(secret: str, code: str, last_step: int, now: float | None = None) -> int | None:
    """The time step whose code `code` is, within the window and newer than `last_step`."""
    if not secret or not TOTP_CODE.match(code):
        return None
    import pyotp

    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if step > last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def claim_step(user: User, step: int) -> bool:
    """Record `step` as used; False when it (or a later one) already was, by any worker."""
    claimed = (
        User.update(totp_last_step=step)
        .where(User.id == user.id, User.totp_last_step < step)
        .execute()
    )
    if claimed:
        user.totp_last_step = step
    return bool(claimed)


def _tag(code: str) -> str:
    """A short keyed tag of a code, stored beside its hash: a code typed is checked against the
    one hash of its tag, not all ten (each argon2 check costs tens of milliseconds). Without
    the SECRET_KEY it says nothing of the code; with it, 16 of the code's ~49 bits."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()[:TAG_DIGITS]


def new_recovery_codes() -> tuple[list[str], str]:
    """(the codes as shown once, their tagged hashes as stored)."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    stored = "\n".join(
        f"{_tag(normalise_code(code))}:{passwords.hash_password(normalise_code(code))}"
        for code in codes
    )
    return codes, stored


def recovery_codes_left(user: User) -> int:
    return len([line for line in user.recovery_codes.splitlines() if line])


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one recovery code: True when it is one of the user's unused codes (it is then
    removed, once, even when two workers try it together)."""
    code = normalise_code(code)
    if len(code) != RECOVERY_LENGTH:
        return False
    stored = [line for line in user.recovery_codes.splitlines() if line]
    tag = _tag(code)
    for index, line in enumerate(stored):
        line_tag, _, hashed = line.partition(":")
        if line_tag == tag and passwords.verify_password(hashed, code):
            left = "\n".join(stored[:index] + stored[index + 1 :])
            spent = (
                User.update(recovery_codes=left)
                .where(User.id == user.id, User.recovery_codes == user.recovery_codes)
                .execute()
            )
            if spent:
                user.recovery_codes = left
            return bool(spent)
    return False
