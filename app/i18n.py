"""Locale choice and the date formats used on every page (Latvian first, Europe/Riga time)."""

from datetime import date, datetime

from babel.numbers import get_decimal_symbol, get_minus_sign_symbol
from flask import Flask, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    to_user_timezone,
)
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from app import extensions
from app.accounts import gendered, role_title
from app.calendar import LOCATIVE, hours, month_phrase, month_range_phrase

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


def reader_language() -> str:
    """The reader's language as a catalog code: "en" or "lv" (the names of bilingual lists)."""
    return "en" if str(get_locale()).startswith("en") else DEFAULT_LANGUAGE


def language_of(language: str) -> str:
    """A document's language: one of LANGUAGES, Latvian (the funder's) for anything else."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def requested_language() -> str:
    """A document's language: `lang=lv|en` in the request, else the reader's own; anything
    else is Latvian (the funder's language)."""
    chosen = request.values.get("lang")
    if chosen is None:
        return reader_language()
    chosen = chosen.strip().lower()
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def _date_pattern() -> str:
    return "dd.MM.yyyy" if str(get_locale()) == "lv" else "dd MMM yyyy"


def format_day(value: date | None) -> str:
    """DD.MM.YYYY in Latvian, 22 Nov 2026 in English."""
    if not value:
        return ""
    if str(get_locale()) == "lv":
        # digits only: written directly, not through babel's pattern (lists show hundreds)
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    return format_date(value, _date_pattern())


def format_instant(value: datetime | None) -> str:
    """A stored UTC instant shown in Riga time."""
    if not value:
        return ""
    if str(get_locale()) == "lv":
        # digits only, as format_day (a queue or a log shows dozens)
        local = to_user_timezone(value)
        return f"{format_day(local)} {local.hour:02d}:{local.minute:02d}"
    return format_datetime(value, _date_pattern() + " HH:mm")


def format_weekday(value: date) -> str:
    """The day's name in the reader's language (Latvian names are lower-case by convention)."""
    return format_date(value, "EEEE").capitalize()


def _locale() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def format_month(value: date) -> str:
    """A month as a title or a cell: "2026. gada novembris" / "November 2026" (the month
    lower-case in Latvian, as mid-sentence; the one month format of every page and file)."""
    return month_phrase(value, _locale())


def format_month_in(value: date) -> str:
    """A month inside a sentence, after "in": "2026. gada novembrī" / "November 2026". The
    English msgid carries the "in" ("not open in %(month)s"); Latvian needs the locative."""
    return month_phrase(value, _locale(), LOCATIVE)


def format_month_range(first: date, last: date) -> str:
    """ "2019. gada decembris – 2020. gada maijs" / "December 2019 – May 2020"."""
    return month_range_phrase(first, last, _locale())


def format_month_short(value: date) -> str:
    """A month in a narrow column (a table of months side by side): "03.2020" in Latvian,
    "Mar 2020" in English; never a word cut in two."""
    return format_date(value, "MM.yyyy" if _locale() == "lv" else "MMM yyyy")


def format_hours(minutes: int | None) -> str:
    """Minutes as decimal hours in the reader's notation: 7,5 in Latvian, 7.5 in English.

    What format_decimal(value, "0.##") writes, without its pattern machinery (9 µs a number; a
    week shows forty): at most two decimals, no grouping (tests/test_i18n.py compares them)."""
    value = hours(minutes)
    locale = get_locale() or DEFAULT_LANGUAGE
    digits = f"{abs(value):.2f}".rstrip("0").rstrip(".").replace(".", get_decimal_symbol(locale))
    return get_minus_sign_symbol(locale) + digits if value < 0 else digits


def format_money(value: float) -> str:
    """532 800,00 in Latvian, 532,800.00 in English."""
    return format_decimal(value, "#,##0.00")


# The templates' translation functions, as Jinja's "newstyle" ones behave (the text always a
# format string, marked safe where the template escapes), straight from the request's catalogue:
# Jinja's own wrap each string in three context calls and flask_babel's look the domain up again
# (5.4 µs a string instead of 2; the week page translates 125).
_catalogue = extensions.babel.domain_instance.get_translations


def _formatted(eval_context: EvalContext, text: str, variables: dict) -> str:
    # the catalogue's own text, trusted as Jinja trusts it; the variables are escaped by %
    if eval_context.autoescape:
        text = Markup(text)  # noqa: S704
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_gettext(eval_context: EvalContext, string: str, **variables) -> str:
    return _formatted(eval_context, _catalogue().ugettext(string), variables)


@pass_eval_context
def _template_ngettext(eval_context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_context, _catalogue().ungettext(singular, plural, num), variables)


@pass_eval_context
def _template_pgettext(eval_context: EvalContext, context: str, string: str, **variables) -> str:
    variables.setdefault("context", context)
    return _formatted(eval_context, _catalogue().upgettext(context, string), variables)


@pass_eval_context
def _template_npgettext(eval_context, context, singular, plural, num, **variables) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    translated = _catalogue().unpgettext(context, singular, plural, num)
    return _formatted(eval_context, translated, variables)


def init_i18n(app: Flask) -> None:
    app.jinja_env.globals.update(
        _=_template_gettext,
        gettext=_template_gettext,
        ngettext=_template_ngettext,
        pgettext=_template_pgettext,
        npgettext=_template_npgettext,
    )
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.filters["hours"] = format_hours
    app.jinja_env.filters["weekday"] = format_weekday
    app.jinja_env.filters["month_name"] = format_month
    app.jinja_env.filters["month_in"] = format_month_in
    app.jinja_env.filters["month_short"] = format_month_short
    app.jinja_env.globals["role_title"] = role_title
    app.jinja_env.globals["gendered"] = gendered
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["get_locale"] = get_locale
