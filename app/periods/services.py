"""Creating a contract with its periods, and marking a period reported."""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from app import audit
from app.auth.models import User
from app.db import write_tx
from app.periods.models import Contract, Period, PeriodKind

INTERIM_MONTHS = 6


class PeriodError(ValueError):
    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_bounds(starts_on: date, ends_on: date, months: int) -> list[tuple[date, date]]:
    """Consecutive periods of `months` calendar months from the start; the last one is cut at
    the contract's end (a contract starting mid-month starts its first period that day)."""
    bounds, start = [], starts_on
    while start <= ends_on:
        end = min(add_months(start.replace(day=1), months) - timedelta(days=1), ends_on)
        bounds.append((start, end))
        start = end + timedelta(days=1)
    return bounds


def create_contract(actor: User | None, values: dict) -> Contract:
    """The contract and all its month and six-month interim periods."""
    if values["ends_on"] < values["starts_on"]:
        raise PeriodError("ends_on", _l("The end is before the start."))
    if (values["ends_on"] - values["starts_on"]).days > 366 * 5:
        raise PeriodError("ends_on", _l("A contract longer than five years is not supported."))
    with write_tx():
        if Contract.select().where(Contract.number == values["number"]).exists():
            raise PeriodError("number", _l("A contract with this number exists already."))
        contract = Contract.create(**values)
        rows = [
            {"contract": contract.id, "kind": kind, "starts_on": start, "ends_on": end}
            for kind, months in ((PeriodKind.MONTH, 1), (PeriodKind.INTERIM, INTERIM_MONTHS))
            for start, end in period_bounds(contract.starts_on, contract.ends_on, months)
        ]
        Period.insert_many(rows).execute()
        audit.record(actor, "contract.create", contract, values)
    return contract


def mark_reported(actor: User, period: Period, reported_on: date) -> None:
    """The period is reported to the funder: what belongs to it becomes read-only."""
    if reported_on < period.starts_on:
        raise PeriodError("reported_on", _l("A period cannot be reported before it starts."))
    with write_tx():
        period = Period.get_by_id(period.id)
        if period.reported_on is not None:
            raise PeriodError("reported_on", _l("This period is already reported."))
        period.reported_on, period.reported_by = reported_on, actor.id
        period.save()
        audit.record(actor, "period.report", period, ["reported_on"])
