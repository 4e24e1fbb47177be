"""Configuration read from the environment, with safe defaults for a single-machine install."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def _choice(name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first is the default); a typo stops the start, it is not ignored."""
    value = os.environ.get(name, choices[0]).strip().lower() or choices[0]
    if value not in choices:
        raise RuntimeError(f"Refusing to start: {name} must be one of {', '.join(choices)}.")
    return value


def load_secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into DATA_DIR (never committed)."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = data_dir / "secret_key"
    if not key_file.exists() and data_dir.is_dir():
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return ""  # a read-only folder: check_production() says what is missing
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    if key_file.exists():
        return key_file.read_text().strip()
    return ""


def from_environment() -> dict:
    """Settings taken from environment variables; create_app() overrides them with its argument."""
    data_dir = Path(os.environ.get("DATA_DIR", PROJECT_ROOT / "instance")).resolve()
    https = _flag("HTTPS")
    return {
        "APP_ENV": os.environ.get("APP_ENV", "production"),
        "DEBUG": _flag("FLASK_DEBUG"),
        "DATA_DIR": data_dir,
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        # what several app servers on one PostgreSQL share (a network mount): uploads and jobs
        "SHARED_DIR": os.environ.get("SHARED_DIR", ""),
        "HTTPS": https,
        "TRUST_PROXY": _flag("TRUST_PROXY"),
        "IDLE_TIMEOUT_HOURS": float(os.environ.get("IDLE_TIMEOUT_HOURS", "8")),
        # however busy a session is, it ends this long after the sign-in
        "SESSION_MAX_HOURS": float(os.environ.get("SESSION_MAX_HOURS", "12")),
        # a sensitive change (password, e-mail, second factor, someone's role) asks for the
        # password (and code) again unless the person authenticated this many minutes ago
        "REAUTH_MINUTES": float(os.environ.get("REAUTH_MINUTES", "5")),
        # one upload's limit, and the whole request's (a form carries a little more than its file)
        "UPLOAD_MAX_MB": int(os.environ.get("UPLOAD_MAX_MB", "20")),
        "MAX_CONTENT_LENGTH": (int(os.environ.get("UPLOAD_MAX_MB", "20")) + 5) * 1024 * 1024,
        # What checking one upload may cost: its text is read in a child process that is
        # killed past UPLOAD_INSPECT_SECONDS (a PDF is then kept without its text, which a
        # background job reads within UPLOAD_TEXT_LATER_SECONDS), given this much memory, this
        # many PDF pages and this many bytes inflated out of a DOCX or ODT.
        "UPLOAD_INSPECT_SECONDS": float(os.environ.get("UPLOAD_INSPECT_SECONDS", "3")),
        "UPLOAD_TEXT_LATER_SECONDS": float(os.environ.get("UPLOAD_TEXT_LATER_SECONDS", "60")),
        "UPLOAD_INSPECT_MEMORY_MB": int(os.environ.get("UPLOAD_INSPECT_MEMORY_MB", "512")),
        "UPLOAD_MAX_PAGES": int(os.environ.get("UPLOAD_MAX_PAGES", "300")),
        "UPLOAD_MAX_UNPACKED_MB": int(os.environ.get("UPLOAD_MAX_UNPACKED_MB", "16")),
        # ClamAV: "auto" scans when clamd answers at CLAMD_SOCKET (and logs a warning when it
        # does not), "on" refuses uploads while it does not answer, "off" never asks it.
        "MALWARE_SCAN": _choice("MALWARE_SCAN", ("auto", "on", "off")),
        # a UNIX socket path, or tcp://host:port
        "CLAMD_SOCKET": os.environ.get("CLAMD_SOCKET", "/var/run/clamav/clamd.ctl"),
        "MALWARE_SCAN_TIMEOUT_SECONDS": float(os.environ.get("MALWARE_SCAN_TIMEOUT_SECONDS", "4")),
        "ORG_NAME": os.environ.get("ORG_NAME", ""),
        # /health fails below this much free space where the database and the uploads are
        "HEALTH_MIN_FREE_MB": int(os.environ.get("HEALTH_MIN_FREE_MB", "200")),
        # Risk scores (likelihood x impact, 1-25): at least HIGH is high, at least MEDIUM medium.
        "RISK_BAND_HIGH": int(os.environ.get("RISK_BAND_HIGH", "15")),
        "RISK_BAND_MEDIUM": int(os.environ.get("RISK_BAND_MEDIUM", "8")),
        # Days between reviews, by band.
        "RISK_REVIEW_DAYS": {
            "high": int(os.environ.get("RISK_REVIEW_DAYS_HIGH", "30")),
            "medium": int(os.environ.get("RISK_REVIEW_DAYS_MEDIUM", "90")),
            "low": int(os.environ.get("RISK_REVIEW_DAYS_LOW", "180")),
        },
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_STARTTLS": _flag("SMTP_STARTTLS"),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "intranet@localhost"),
        # `flask backup` encrypts its archives for this gpg public key (a key id or e-mail)
        "BACKUP_ENCRYPT_TO": os.environ.get("BACKUP_ENCRYPT_TO", ""),
    }


def finalise(config: dict) -> dict:
    """Derive the Flask settings that follow from the primary ones."""
    data_dir = Path(config["DATA_DIR"])
    config["DATA_DIR"] = data_dir
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite+pool:///{data_dir / 'app.db'}"
    shared = Path(config.get("SHARED_DIR") or data_dir)
    config.update(SHARED_DIR=shared, UPLOADS_DIR=shared / "uploads", JOBS_DIR=shared / "jobs")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = load_secret_key(data_dir)
    idle = timedelta(hours=config["IDLE_TIMEOUT_HOURS"])
    config.setdefault("PERMANENT_SESSION_LIFETIME", idle)
    config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(config.get("HTTPS")),
        # over HTTPS the __Host- prefix makes browsers refuse the cookie from plain HTTP, from a
        # subdomain or for another path
        SESSION_COOKIE_NAME="__Host-mentoru_session" if config.get("HTTPS") else "mentoru_session",
        SESSION_COOKIE_PATH="/",
        PREFERRED_URL_SCHEME="https" if config.get("HTTPS") else "http",
        # CSRF tokens live as long as the session: a form left open over lunch still posts.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        BABEL_DEFAULT_LOCALE="lv",
        BABEL_DEFAULT_TIMEZONE="Europe/Riga",
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "app" / "translations"),
    )
    return config


def check_production(config: dict) -> None:
    """Refuse to run a production instance in a state that leaks or loses data."""
    if config.get("TESTING") or config.get("APP_ENV") == "development":
        return
    if config.get("DEBUG"):
        raise RuntimeError("Refusing to start: DEBUG is on in production (APP_ENV=production).")
    if not Path(config["DATA_DIR"]).is_dir():
        raise RuntimeError(
            f"Refusing to start: the data directory {config['DATA_DIR']} does not exist. "
            "Create it or set DATA_DIR."
        )
    if not config.get("SECRET_KEY"):
        raise RuntimeError("Refusing to start: no SECRET_KEY and none could be generated.")
