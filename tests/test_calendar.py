"""The calendar's laws, for any day the service can hold: ISO weeks across year ends, month
arithmetic, reporting periods, dates in URLs, clock times."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.calendar import (
    DAY_MINUTES,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_RANGE_MONTHS,
    YEARS,
    add_months,
    format_clock,
    hours,
    iso_week_start,
    mondays_between,
    month_end,
    month_of,
    month_start,
    months_between,
    months_spanned,
    months_touched,
    next_month,
    open_on,
    overlaps,
    parse_clock,
    parse_day,
    parse_month,
    parse_range,
    parse_week,
    period_bounds,
    previous_month,
    require_month,
    week_args,
    week_days,
    week_end,
    week_param,
    week_start_of,
)
from app.refusals import Refused

FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
#: the days where ISO weeks and calendar years disagree: 28 December to 4 January
year_ends = st.builds(
    lambda year, offset: date(year, 12, 28) + timedelta(days=offset),
    st.integers(FIRST_YEAR, LAST_YEAR - 1),
    st.integers(0, 7),
)
any_days = days | year_ends
#: digits that str.isdigit() or int() accept but a date in a URL never holds
ODD_DIGITS = ["١", "٢", "²", "０", "۵", "߀"]


@st.composite
def ranges(draw, max_days: int = 800) -> tuple[date, date]:
    """A first and last day (both included), at most `max_days` apart."""
    first = draw(any_days)
    last = first + timedelta(days=draw(st.integers(0, max_days)))
    assume(last <= LAST_DAY)
    return first, last


def each_day(first: date, last: date):
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def with_odd_digit(text: str, position: int, digit: str) -> str:
    """`text` with its `position`-th ASCII digit replaced by `digit`."""
    places = [index for index, char in enumerate(text) if char.isascii() and char.isdigit()]
    index = places[position % len(places)]
    return text[:index] + digit + text[index + 1 :]


# --- ISO weeks -------------------------------------------------------------------------------


@given(any_days)
def test_a_week_starts_on_the_monday_at_most_six_days_before(day):
    monday = week_start_of(day)
    assert monday.weekday() == 0 and 0 <= (day - monday).days <= 6
    assert week_days(monday) == list(each_day(monday, week_end(monday)))
    assert day in week_days(monday) and week_end(monday).weekday() == 6


@given(any_days)
def test_iso_weeks_round_trip_through_their_year_and_number(day):
    year, number, _weekday = day.isocalendar()
    expected = week_start_of(day) if year in YEARS else None
    assert iso_week_start(year, number) == expected
    assert parse_week(week_param(day)) == expected
    assert week_param(day) == f"{year}-W{number:02d}"
    assert week_args(day) == {"year": year, "week": number}


@given(st.integers(-5, 10_000), st.integers(-5, 60))
def test_a_week_that_does_not_exist_is_none(year, number):
    try:
        real = date.fromisocalendar(year, number, 1)
    except ValueError:
        real = None
    assert iso_week_start(year, number) == (real if year in YEARS else None)


@given(ranges())
def test_mondays_between_cover_every_day_of_the_range_exactly_once(first_last):
    first, last = first_last
    mondays = mondays_between(first, last)
    assert all(monday.weekday() == 0 for monday in mondays)
    weeks = set(mondays)  # disjoint: the Mondays are 7 days apart (below)
    assert all(week_start_of(day) in weeks for day in each_day(first, last))
    assert mondays[0] == week_start_of(first) and mondays[-1] == week_start_of(last)
    assert all(later - earlier == timedelta(days=7) for earlier, later in pairwise(mondays))


@given(any_days)
def test_a_week_touches_the_months_of_its_days(day):
    monday = week_start_of(day)
    assert months_touched(monday) == {month_start(d) for d in week_days(monday)}


# --- months ----------------------------------------------------------------------------------


@given(days, st.integers(-1200, 1200))
def test_adding_months_and_taking_them_away_gives_the_first_of_the_month(day, months):
    moved = add_months(day, months)
    assert moved.day == 1
    assert add_months(moved, -months) == month_start(day)
    assert months_spanned(min(day, moved), max(day, moved)) == abs(months) + 1


@given(any_days)
def test_month_end_is_the_last_day_of_the_month(day):
    last = month_end(day)
    assert month_start(last) == month_start(day) and last >= day
    assert (last + timedelta(days=1)).day == 1


@given(any_days)
def test_next_and_previous_month_undo_each_other(day):
    first = month_start(day)
    assert next_month(first) == add_months(day, 1) and previous_month(day) == add_months(day, -1)
    assert previous_month(next_month(first)) == first
    assert next_month(previous_month(day)) == first


@given(ranges(max_days=3000))
def test_months_between_lists_each_month_of_the_range_once(first_last):
    first, last = first_last
    months = months_between(first, last)
    assert len(months) == months_spanned(first, last)
    assert months[0] == month_start(first) and months[-1] == month_start(last)
    assert all(next_month(earlier) == later for earlier, later in pairwise(months))
    assert {month_start(day) for day in each_day(first, last)} == set(months)


@given(st.integers(-5, 10_000), st.integers(-5, 20))
def test_month_of_is_a_month_only_within_the_years(year, month):
    expected = date(year, month, 1) if year in YEARS and 1 <= month <= 12 else None
    assert month_of(year, month) == expected


# --- reporting periods -----------------------------------------------------------------------


@given(ranges(max_days=6 * 366), st.integers(1, 12))
def test_periods_partition_the_contract(first_last, months):
    starts_on, ends_on = first_last
    bounds = period_bounds(starts_on, ends_on, months)
    assert bounds[0][0] == starts_on and bounds[-1][1] == ends_on
    for start, end in bounds:
        assert start <= end and months_spanned(start, end) <= months
    for (_start, end), (next_start, _end) in pairwise(bounds):
        assert next_start == end + timedelta(days=1)  # no gap, no overlap
        assert next_start.day == 1 and end == month_end(end)  # whole months after the first
    assert len(bounds) == -(-months_spanned(starts_on, ends_on) // months)


# --- open on a day or in a range ---------------------------------------------------------------


@given(
    any_days,
    st.none() | st.integers(0, 30),
    st.integers(-40, 40),
    st.none() | st.integers(0, 30),
)
def test_open_on_agrees_with_checking_every_day(opened_on, open_days, start_offset, range_days):
    closed_on = None if open_days is None else opened_on + timedelta(days=open_days)
    first = opened_on + timedelta(days=start_offset)
    last = None if range_days is None else first + timedelta(days=range_days)
    open_some_day = any(
        opened_on <= day and (closed_on is None or day <= closed_on)
        for day in each_day(first, last or first)
    )
    assert open_on(opened_on, closed_on, first, last) == open_some_day


# --- dates in URLs ---------------------------------------------------------------------------


@given(any_days)
def test_every_valid_day_and_month_is_read(day):
    assert parse_day(day.isoformat()) == day
    assert parse_day(f" {day.isoformat()} ") == day
    assert parse_month(f"{day:%Y-%m}") == month_start(day)
    assert require_month(f"{day:%Y-%m}") == (month_start(day), month_end(day))


@given(st.text(max_size=12))
def test_any_other_text_is_no_day_no_month_no_week(text):
    day, month, week = parse_day(text), parse_month(text), parse_week(text)
    assert day is None or day.isoformat() == text.strip()
    assert month is None or f"{month:%Y-%m}" == text.strip()
    assert week is None or parse_week(week_param(week)) == week


@given(any_days, st.integers(0, 7), st.sampled_from(ODD_DIGITS))
def test_odd_digits_are_refused(day, position, digit):
    assert parse_day(with_odd_digit(day.isoformat(), position, digit)) is None
    assert parse_month(with_odd_digit(f"{day:%Y-%m}", position, digit)) is None
    assert parse_week(with_odd_digit(week_param(day), position, digit)) is None
    with pytest.raises(Refused):
        parse_range(with_odd_digit(day.isoformat(), position, digit), day.isoformat())


@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_days_and_months_outside_the_years_or_the_calendar_are_refused(year, month, day_number):
    text = f"{year:04d}-{month:02d}-{day_number:02d}"
    try:
        real = date(year, month, day_number)
    except ValueError:
        real = None
    assert parse_day(text) == (real if real and real.year in YEARS else None)
    month_text = f"{year:04d}-{month:02d}"
    valid_month = year in YEARS and 1 <= month <= 12
    assert parse_month(month_text) == (date(year, month, 1) if valid_month else None)
    if not valid_month:
        with pytest.raises(Refused) as refused:
            require_month(month_text)
        assert refused.value.status == 400


@given(ranges(max_days=4 * 366))
def test_a_range_is_accepted_up_to_its_month_limit(first_last):
    first, last = first_last
    if months_spanned(first, last) <= MAX_RANGE_MONTHS:
        assert parse_range(first.isoformat(), last.isoformat()) == (first, last)
    else:
        with pytest.raises(Refused) as refused:
            parse_range(first.isoformat(), last.isoformat())
        assert refused.value.status == 400
    if first < last:
        with pytest.raises(Refused):
            parse_range(last.isoformat(), first.isoformat())


@given(st.text(max_size=12), any_days)
def test_a_range_with_anything_but_a_day_is_refused(text, day):
    assume(parse_day(text) is None)
    for start, end in ((text, day.isoformat()), (day.isoformat(), text), (text, text)):
        with pytest.raises(Refused) as refused:
            parse_range(start, end)
        assert refused.value.status == 400


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2020-03-01", "2020-01-01", "The start date is after the end date."),
        ("2020-1-1", "2020-03-01", "Give both dates as YYYY-MM-DD"),
        ("2020-02-30", "2020-03-01", "Give both dates as YYYY-MM-DD"),
        ("", "2020-03-01", "Give both dates as YYYY-MM-DD"),
        ("2018-01-01", "2020-01-31", "Choose at most 24 months at a time."),
    ],
)
def test_bad_ranges_are_refused_with_a_reason(english, app, start, end, message):
    with app.test_request_context(), pytest.raises(Refused) as refused:
        parse_range(start, end)
    assert message in str(refused.value.message)


def test_a_range_of_24_months_is_accepted(app):
    assert parse_range("2019-01-15", "2020-12-01") == (date(2019, 1, 15), date(2020, 12, 1))


# --- clock times -----------------------------------------------------------------------------


@given(st.integers(0, DAY_MINUTES))
def test_clock_times_round_trip(minutes):
    text = format_clock(minutes)
    assert parse_clock(text) == minutes and parse_clock(f" {text} ") == minutes
    assert format_clock(parse_clock(text)) == text


@given(st.integers(0, 99), st.integers(0, 99))
def test_a_clock_time_is_read_only_within_the_day(hour, minute):
    minutes = hour * 60 + minute
    expected = minutes if minute < 60 and minutes <= DAY_MINUTES else None
    assert parse_clock(f"{hour:02d}:{minute:02d}") == expected


@given(st.text(max_size=8))
def test_only_ascii_clock_times_are_read(text):
    minutes = parse_clock(text)
    if minutes is not None:
        hours_text, minutes_text = text.strip().split(":")
        assert (hours_text + minutes_text).isascii() and len(minutes_text) == 2
        assert minutes == int(hours_text) * 60 + int(minutes_text) <= DAY_MINUTES


@given(
    st.integers(0, DAY_MINUTES), st.integers(0, 4), st.sampled_from(["²", "١", "٥", "x", "-", ":"])
)
def test_a_clock_time_with_a_character_changed_is_refused(minutes, position, odd):
    text = format_clock(minutes)
    assume(text[position] != odd)
    assert parse_clock(text[:position] + odd + text[position + 1 :]) is None


@given(st.integers(0, 10**6))
def test_hours_have_two_decimals_and_give_the_minutes_back(minutes):
    assert hours(minutes) == round(minutes / 60, 2)
    assert round(hours(minutes) * 60) == minutes


def test_no_minutes_are_no_hours():
    assert hours(None) == 0 and hours(0) == 0


@given(st.integers(0, 200), st.integers(1, 100), st.integers(0, 200), st.integers(1, 100))
def test_overlaps_agrees_with_the_minutes_in_common(start_a, length_a, start_b, length_b):
    a = range(start_a, start_a + length_a)
    b = range(start_b, start_b + length_b)
    common = bool(set(a) & set(b))
    assert overlaps(a.start, a.stop, b.start, b.stop) == common
    assert overlaps(b.start, b.stop, a.start, a.stop) == common
