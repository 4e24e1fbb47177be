"""The service's calendar: ISO weeks, months, reporting periods, date ranges, clock times, and
dates as they stand in URLs. Pure functions; every feature counts days through these."""

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from flask_babel import lazy_gettext as _l

from app.refusals import Refused

#: years outside this range are typing mistakes (0202, 9999), not records, and would overflow
#: the date arithmetic; one limit for every form and every URL
FIRST_YEAR, LAST_YEAR = 2000, 2099
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)

STEP_MINUTES = 15
#: the working days of a week, counted from its Monday (Monday to Friday): the days a weekly
#: meeting can be held on
WORKING_DAYS = 5
DAY_MINUTES = 24 * 60
#: a date range a report or a grid can show; a longer one is a typing mistake
MAX_RANGE_MONTHS = 24

MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")
WEEK_PATTERN = re.compile(r"([0-9]{4})-W([0-9]{1,2})")
DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: ASCII digits only: str.isdecimal() and int() also take Arabic-Indic and other digits
CLOCK_PATTERN = re.compile(r"([0-9]{1,2}):([0-9]{2})")

MONTH_EXPECTED = _l("Give the month as YYYY-MM, for example 2020-01.")


def local_today() -> date:
    """Today in Riga, the service's calendar (the server may run in UTC)."""
    return datetime.now(ZoneInfo("Europe/Riga")).date()


# --- ISO weeks -------------------------------------------------------------------------------


def week_start_of(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_days(week_start: date) -> list[date]:
    return [week_start + timedelta(days=offset) for offset in range(7)]


def week_end(week_start: date) -> date:
    """The Sunday of the week."""
    return week_start + timedelta(days=6)


def week_number(day: date) -> int:
    """The ISO week number of the day's week."""
    return day.isocalendar()[1]


def iso_week_start(year: int, week: int) -> date | None:
    """The Monday of ISO week `week` of `year`, or None if there is no such week here."""
    if year not in YEARS:
        return None
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def week_param(week_start: date) -> str:
    """An ISO week as it stands in a URL: 2020-W03."""
    year, number, _weekday = week_start.isocalendar()
    return f"{year}-W{number:02d}"


def week_args(week_start: date) -> dict:
    """The `year` and `week` route arguments of the week holding the day."""
    year, number, _weekday = week_start.isocalendar()
    return {"year": year, "week": number}


def mondays_between(first: date, last: date) -> list[date]:
    """The Mondays of the ISO weeks that touch the range, in order."""
    mondays, monday = [], week_start_of(first)
    while monday <= last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def working_weeks(first: date, last: date) -> list[date]:
    """The Mondays of the ISO weeks with at least one working day (Monday to Friday) from
    `first` to `last`: the weeks a weekly meeting is due in. A contract starting on Sunday
    1.12.2019 owes none in the week of 25.11.2019, whose only day in the range is that Sunday; a
    range starting on a Friday owes one in that week."""
    return [
        monday
        for monday in mondays_between(first, last)
        if max(monday, first) <= min(monday + timedelta(days=WORKING_DAYS - 1), last)
    ]


# --- months ----------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(day: date) -> date:
    """The first day of the month before the day's month."""
    return month_start(month_start(day) - timedelta(days=1))


def month_end(day: date) -> date:
    """The last day of the day's month."""
    return next_month(month_start(day)) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, when negative) the day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter
    (31 January + 1 month is 28 or 29 February)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, month_end(first).day))


def month_of(year: int, month: int) -> date | None:
    """The first day of that month, or None when it is no month here (route arguments)."""
    if year not in YEARS or not 1 <= month <= 12:
        return None
    return date(year, month, 1)


def months_spanned(first: date, last: date) -> int:
    """How many calendar months the range touches."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def months_between(first: date, last: date) -> list[date]:
    """The first days of the calendar months the range touches."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def months_touched(week_start: date) -> set[date]:
    """First days of the months a week has days in (one, or two for a week across months)."""
    return {month_start(week_start), month_start(week_end(week_start))}


# --- months in words --------------------------------------------------------------------------
#
# Latvian writes a month with its year as "2020. gada marts" (the year in the genitive before
# the month, the month lower-case): the nominative for titles and table cells, the locative
# "2020. gada martā" inside a sentence ("in March 2020"). Babel's Latvian data give the
# nominative names; the locative follows from them by the Latvian declension: -is → -ī
# (janvāris → janvārī), -s → -ā (marts → martā). English has one form: "March 2020".

NOMINATIVE, LOCATIVE = "nominative", "locative"


def latvian_locative(name: str) -> str:
    """A Latvian month name (nominative, as Babel gives it) in the locative case."""
    if name.endswith("is"):
        return name[:-2] + "ī"
    if name.endswith("s"):
        return name[:-1] + "ā"
    return name


@lru_cache(maxsize=8)
def _month_names(locale: str) -> dict[int, str]:
    return dict(Locale.parse(locale).months["stand-alone"]["wide"])


def month_name(day: date, locale: str, case: str = NOMINATIVE) -> str:
    """The month's name alone, lower-case in Latvian ("marts", "martā"), "March" in English."""
    name = _month_names(str(locale))[day.month]
    locale = str(locale)
    if locale.startswith("lv"):
        return latvian_locative(name) if case == LOCATIVE else name
    return name


def month_phrase(day: date, locale: str, case: str = NOMINATIVE) -> str:
    """The month with its year as the language writes it: "2020. gada marts" (nominative, for
    titles and cells), "2020. gada martā" (locative, in a sentence); "March 2020" in English."""
    name, locale = month_name(day, locale, case), str(locale)
    if locale.startswith("lv"):
        return f"{day.year}. gada {name}"
    return f"{name} {day.year}"


def month_range_phrase(first: date, last: date, locale: str) -> str:
    """Two months as a span: "2019. gada decembris – 2020. gada maijs", "December 2019 – May
    2020"; one month when both are the same."""
    if month_start(first) == month_start(last):
        return month_phrase(first, locale)
    return f"{month_phrase(first, locale)} – {month_phrase(last, locale)}"


# --- reporting periods -----------------------------------------------------------------------


def period_bounds(starts_on: date, ends_on: date, months: int) -> list[tuple[date, date]]:
    """Consecutive periods of `months` calendar months from the start; the last one is cut at
    the end (a contract starting mid-month starts its first period that day)."""
    bounds, start = [], starts_on
    while start <= ends_on:
        end = min(add_months(start, months) - timedelta(days=1), ends_on)
        bounds.append((start, end))
        start = end + timedelta(days=1)
    return bounds


def open_on(opened_on: date, closed_on: date | None, first: date, last: date | None = None) -> bool:
    """Whether something opened and perhaps closed (both days included) was open on a day
    (`first`) or on any day of the range `first`..`last`."""
    return opened_on <= (last or first) and (closed_on is None or closed_on >= first)


# --- dates in URLs ---------------------------------------------------------------------------


def parse_month(text: str | None) -> date | None:
    """`YYYY-MM` as the month's first day, or None when it is not a month."""
    match = MONTH_PATTERN.fullmatch((text or "").strip())
    if not match:
        return None
    return month_of(int(match.group(1)), int(match.group(2)))


def require_month(text: str | None) -> tuple[date, date]:
    """`YYYY-MM` as the month's first and last day; Refused (400) when it is not a month."""
    first = parse_month(text)
    if first is None:
        raise Refused.because(MONTH_EXPECTED, status=400, title=_l("Invalid month"))
    return first, month_end(first)


def parse_week(text: str | None) -> date | None:
    """`YYYY-Www` (2026-W47) as the week's Monday, or None when it is not a week."""
    match = WEEK_PATTERN.fullmatch((text or "").strip())
    if not match:
        return None
    return iso_week_start(int(match.group(1)), int(match.group(2)))


def parse_day(text: str | None) -> date | None:
    """`YYYY-MM-DD` as a date, or None when it is not one."""
    text = (text or "").strip()
    if not DAY_PATTERN.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.year in YEARS else None


def parse_range(start_text: str | None, end_text: str | None) -> tuple[date, date]:
    """The days `from` and `to` (both included); Refused (400) with the reason otherwise."""
    first, last = parse_day(start_text), parse_day(end_text)
    title = _l("Invalid dates")
    if first is None or last is None:
        message = _l("Give both dates as YYYY-MM-DD, for example 2020-05-31.")
        raise Refused.because(message, status=400, title=title)
    if first > last:
        raise Refused.because(_l("The start date is after the end date."), status=400, title=title)
    if months_spanned(first, last) > MAX_RANGE_MONTHS:
        message = _l("Choose at most %(months)d months at a time.", months=MAX_RANGE_MONTHS)
        raise Refused.because(message, status=400, title=title)
    return first, last


# --- clock times (minutes after midnight) ----------------------------------------------------


def parse_clock(text: str) -> int | None:
    """'HH:MM' (00:00 to 24:00) as minutes after midnight, or None when it is not a time."""
    match = CLOCK_PATTERN.fullmatch((text or "").strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    total = hours * 60 + minutes
    if minutes >= 60 or total > DAY_MINUTES:
        return None
    return total


def hours(minutes: int | None) -> float:
    """Minutes as hours, to two decimals: the one conversion every page, file and report uses."""
    return round((minutes or 0) / 60, 2)


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def overlaps(start_a: int, end_a: int, start_b: int, end_b: int) -> bool:
    return start_a < end_b and start_b < end_a
