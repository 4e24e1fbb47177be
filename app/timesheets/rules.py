"""Calendar arithmetic of timesheets: ISO weeks, months, 15-minute times. Pure functions."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

STEP_MINUTES = 15
DAY_MINUTES = 24 * 60
LONG_DAY_MINUTES = 10 * 60


def week_start_of(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_days(week_start: date) -> list[date]:
    return [week_start + timedelta(days=offset) for offset in range(7)]


def iso_week_start(year: int, week: int) -> date | None:
    """The Monday of ISO week `week` of `year`, or None if there is no such week."""
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


#: `YYYY-MM` in a URL; years outside YEARS are typing mistakes, not records
MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")
YEARS = range(2000, 2100)


def parse_month(text: str | None) -> date | None:
    """`YYYY-MM` as the month's first day, or None when it is not a month."""
    match = MONTH_PATTERN.fullmatch((text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if year not in YEARS or not 1 <= month <= 12:
        return None
    return date(year, month, 1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of the day's month."""
    return next_month(month_start(day)) - timedelta(days=1)


def week_param(week_start: date) -> str:
    """An ISO week as it stands in a URL: 2020-W03."""
    year, number, _weekday = week_start.isocalendar()
    return f"{year}-W{number:02d}"


def next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_touched(week_start: date) -> set[date]:
    """First days of the months a week has days in (one, or two for a week across months)."""
    return {month_start(week_start), month_start(week_start + timedelta(days=6))}


def parse_clock(text: str) -> int | None:
    """'HH:MM' (00:00 to 24:00) as minutes after midnight, or None when it is not a time."""
    hours, sep, minutes = (text or "").strip().partition(":")
    if not sep or not hours.isdecimal() or not minutes.isdecimal() or len(minutes) != 2:
        return None
    total = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or total > DAY_MINUTES:
        return None
    return total


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def overlaps(start_a: int, end_a: int, start_b: int, end_b: int) -> bool:
    return start_a < end_b and start_b < end_a


def local_today() -> date:
    """Today in Riga, the service's calendar (the server may run in UTC)."""
    return datetime.now(ZoneInfo("Europe/Riga")).date()
