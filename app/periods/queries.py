"""Reads of contracts and periods, shared by the features that follow the reporting cycle, and
the days a page covers: the dates asked for, else a period, else the current period."""

import re
from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l

from app.calendar import add_months, month_end, parse_range
from app.periods.models import Contract, Period, PeriodKind
from app.periods.services import INTERIM_MONTHS
from app.refusals import Refused

#: a period's id in an address: digits, no more than a database id can hold
PERIOD_ID = re.compile(r"[0-9]{1,12}")


def contracts():
    return Contract.select().order_by(Contract.starts_on.desc())


def periods_of(contract_id: int, kind: str | None = None):
    query = Period.select().where(Period.contract == contract_id)
    if kind:
        query = query.where(Period.kind == kind)
    return query.order_by(Period.kind, Period.starts_on)


def period_containing(day: date, kind: str = PeriodKind.INTERIM) -> Period | None:
    return (
        Period.select()
        .where(Period.kind == kind, Period.starts_on <= day, Period.ends_on >= day)
        .order_by(Period.starts_on.desc())
        .first()
    )


def previous_period(period: Period) -> Period | None:
    return (
        Period.select()
        .where(
            Period.contract == period.contract_id,
            Period.kind == period.kind,
            Period.ends_on < period.starts_on,
        )
        .order_by(Period.starts_on.desc())
        .first()
    )


def reported_periods():
    return Period.select().where(Period.reported_on.is_null(False)).order_by(Period.starts_on)


def period_label(period: Period, format_day) -> str:
    return f"{format_day(period.starts_on)} – {format_day(period.ends_on)}"


# --- the days a page covers ------------------------------------------------------------------


def current_period(today: date) -> Period | None:
    """The six-month period holding today, else the latest one begun, else the first to come."""
    interims = Period.select().where(Period.kind == PeriodKind.INTERIM)
    latest_begun = interims.where(Period.starts_on <= today).order_by(
        Period.starts_on.desc(), Period.id.desc()
    )
    return (
        period_containing(today)
        or latest_begun.first()
        or interims.order_by(Period.starts_on, Period.id).first()
    )


def current_window(today: date) -> tuple[date, date, Period | None]:
    """The current six-month period's days; without any period, the six calendar months up to
    the end of this one."""
    period = current_period(today)
    if period is None:
        return add_months(today, 1 - INTERIM_MONTHS), month_end(today), None
    return period.starts_on, period.ends_on, period


def requested_window(args: Mapping, today: date) -> tuple[date, date, Period | None]:
    """The days a page is asked for: `from` and `to` (both included), else `period=<id>`, else
    current_window. Refused (422) for dates that are no range: the page shows the reason beside
    its form; Refused (404) for a period that does not exist."""
    if "from" in args or "to" in args:
        try:
            first, last = parse_range(args.get("from"), args.get("to"))
        except Refused as refused:
            raise Refused(refused.errors, title=refused.title) from None
        return first, last, None
    chosen = (args.get("period") or "").strip()
    if not chosen:
        return current_window(today)
    period = Period.get_or_none(Period.id == int(chosen)) if PERIOD_ID.fullmatch(chosen) else None
    if period is None:
        message = _l("There is no such reporting period: choose one from the list.")
        raise Refused.because(message, status=404)
    return period.starts_on, period.ends_on, period
