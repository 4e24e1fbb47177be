"""Reads of case complexity: a month's state, its grid and the counts per level per month."""

from datetime import date

from peewee import JOIN, Value, fn

from app.accounts import User
from app.calendar import add_months, month_end, months_between
from app.cases.models import CaseFile
from app.cases.queries import cases_visible_to, open_between
from app.clients.models import Membership
from app.complexity.models import (
    ComplexityCriterion,
    ComplexityMonth,
    ComplexityMonthEvent,
    ComplexityRating,
    Level,
)

#: months of ratings the grid shows, the month itself included
HISTORY_MONTHS = 6
UNRATED = "unrated"


def month_row(month: date) -> ComplexityMonth | None:
    """The month's agreement row, if it was ever agreed."""
    return ComplexityMonth.get_or_none(ComplexityMonth.month == month)


def is_agreed(month: date) -> bool:
    return (
        ComplexityMonth.select()
        .where(ComplexityMonth.month == month, ComplexityMonth.agreed_on.is_null(False))
        .exists()
    )


def agreed_months(first: date, last: date) -> set[date]:
    """The months from `first` to `last` whose ratings are agreed now; one query."""
    query = ComplexityMonth.select(ComplexityMonth.month).where(
        ComplexityMonth.month.between(first, last), ComplexityMonth.agreed_on.is_null(False)
    )
    return {month for (month,) in query.tuples()}


def month_events(month: date) -> list[dict]:
    """The month's agreements and reopenings, newest first; one query."""
    return list(
        ComplexityMonthEvent.select(
            ComplexityMonthEvent.kind,
            ComplexityMonthEvent.text,
            ComplexityMonthEvent.at,
            User.display_name,
        )
        .join(ComplexityMonth)
        .switch(ComplexityMonthEvent)
        .join(User, on=ComplexityMonthEvent.actor == User.id)
        .where(ComplexityMonth.month == month)
        .order_by(ComplexityMonthEvent.at.desc(), ComplexityMonthEvent.id.desc())
        .dicts()
    )


def named_cases(month: date, case_ids: list[int]) -> dict[int, tuple[str, bool]]:
    """id -> (code, open on some day of the month) of the case files with these ids; one
    query."""
    opened = open_between(month, month_end(month))
    query = CaseFile.select(CaseFile.id, CaseFile.code, opened.alias("open")).where(
        CaseFile.id.in_(case_ids)
    )
    return {case_id: (code, bool(is_open)) for case_id, code, is_open in query.tuples()}


def grid(month: date, viewer: User | None = None) -> list[dict]:
    """One row per case file open in the month, by code: its social worker, its ratings of the
    last HISTORY_MONTHS months (month -> level), this month's rating and note, and last month's
    level as the suggestion; two queries. With a `viewer`, only the case files the viewer may
    see (a social worker's own and their mentors'); the month's counts stay the service's."""
    first = add_months(month, 1 - HISTORY_MONTHS)
    opened = open_between(month, month_end(month))
    if viewer is not None:
        opened = opened & CaseFile.id.in_(cases_visible_to(viewer).select(CaseFile.id))
    cases = (
        CaseFile.select(CaseFile.id, CaseFile.code, User.display_name.alias("social_worker"))
        .join(User, on=CaseFile.social_worker == User.id)
        .where(opened)
        .order_by(CaseFile.code)
        .dicts()
    )
    rows = {
        row["id"]: {**row, "history": {}, "level": None, "note": "", "suggestion": None}
        for row in cases
    }
    ratings = (
        ComplexityRating.select(
            ComplexityRating.case,
            ComplexityRating.month,
            ComplexityRating.level,
            ComplexityRating.note,
        )
        .join(CaseFile)
        .where(ComplexityRating.month.between(first, month), opened)
        .tuples()
    )
    previous = add_months(month, -1)
    for case_id, rated_month, level, note in ratings:
        row = rows[case_id]
        row["history"][rated_month] = level
        if rated_month == month:
            row["level"], row["note"] = level, note
        elif rated_month == previous:
            row["suggestion"] = level
    return list(rows.values())


def level_counts(first: date, last: date, people: bool = False) -> dict[date, dict[str, int]]:
    """Per month from `first` to `last`: the open case files rated each level and unrated,
    {z, v, a, unrated} — or, with `people`, the clients who were members of those case files
    in the month (the seed's averages count people); one query (a union of one select per
    month)."""
    months = months_between(first, last)
    if not months:
        return {}
    counts = {month: dict.fromkeys((*Level.ALL, UNRATED), 0) for month in months}
    selects = [_month_levels(month, people) for month in months]
    union = selects[0]
    for select in selects[1:]:
        union = union + select
    for month, level, number in union.tuples():
        counts[date.fromisoformat(month)][level or UNRATED] += number
    return counts


def _month_levels(month: date, people: bool):
    last = month_end(month)
    counted = fn.COUNT(Membership.id) if people else fn.COUNT(CaseFile.id)
    query = (
        CaseFile.select(Value(month.isoformat()).alias("month"), ComplexityRating.level, counted)
        .join(
            ComplexityRating,
            JOIN.LEFT_OUTER,
            on=(ComplexityRating.case == CaseFile.id) & (ComplexityRating.month == month),
        )
        .switch(CaseFile)
    )
    if people:
        query = query.join(
            Membership,
            on=(Membership.case == CaseFile.id)
            & (Membership.joined_on <= last)
            & (Membership.left_on.is_null() | (Membership.left_on >= month)),
        )
    return query.where(open_between(month, last)).group_by(ComplexityRating.level)


def monthly_averages(counts: dict[date, dict[str, int]]) -> dict[str, float]:
    """The period's average per month of each level (and unrated), from level_counts."""
    if not counts:
        return dict.fromkeys((*Level.ALL, UNRATED), 0.0)
    return {
        key: sum(month[key] for month in counts.values()) / len(counts)
        for key in (*Level.ALL, UNRATED)
    }


def criteria_by_level(language: str) -> dict[str, list[str]]:
    """The offered criteria's texts in the reader's language, per level in order; one query."""
    by_level = {level: [] for level in Level.ALL}
    query = (
        ComplexityCriterion.select(
            ComplexityCriterion.level, ComplexityCriterion.name_column(language)
        )
        .where(ComplexityCriterion.active)
        .order_by(ComplexityCriterion.sort_order, ComplexityCriterion.id)
        .tuples()
    )
    for level, text in query:
        by_level.setdefault(level, []).append(text)
    return by_level
