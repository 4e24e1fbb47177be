"""Reads of contracts and periods, shared by the features that follow the reporting cycle."""

from datetime import date

from app.periods.models import Contract, Period, PeriodKind


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
