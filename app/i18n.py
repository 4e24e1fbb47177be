"""Locale choice and the date formats used on every page (Latvian first, Europe/Riga time)."""

from datetime import date, datetime

from flask import Flask, has_request_context, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

LANGUAGES = {"lv": "Latviešu", "en": "English"}
DEFAULT_LANGUAGE = "lv"


def select_locale() -> str:
    """The signed-in user's language, else the one chosen on the login page, else Latvian."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def _date_pattern() -> str:
    return "dd.MM.yyyy" if str(get_locale()) == "lv" else "dd MMM yyyy"


def format_day(value: date | None) -> str:
    """DD.MM.YYYY in Latvian, 22 Nov 2026 in English."""
    return format_date(value, _date_pattern()) if value else ""


def format_instant(value: datetime | None) -> str:
    """A stored UTC instant shown in Riga time."""
    return format_datetime(value, _date_pattern() + " HH:mm") if value else ""


def init_i18n(app: Flask) -> None:
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["get_locale"] = get_locale
