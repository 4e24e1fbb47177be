"""Creating a contract with its periods, and marking a period reported."""

from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.calendar import period_bounds
from app.db import write_tx
from app.periods.models import Contract, Period, PeriodKind
from app.refusals import refuse

INTERIM_MONTHS = 6


def create_contract(actor: User | None, values: dict) -> Contract:
    """The contract and all its month and six-month interim periods."""
    if values["ends_on"] < values["starts_on"]:
        raise refuse(_l("The end is before the start."), "ends_on")
    if (values["ends_on"] - values["starts_on"]).days > 366 * 5:
        raise refuse(_l("A contract longer than five years is not supported."), "ends_on")
    with write_tx():
        if Contract.select().where(Contract.number == values["number"]).exists():
            raise refuse(_l("A contract with this number exists already."), "number")
        contract = Contract.create(**values)
        rows = [
            {"contract": contract.id, "kind": kind, "starts_on": start, "ends_on": end}
            for kind, months in ((PeriodKind.MONTH, 1), (PeriodKind.INTERIM, INTERIM_MONTHS))
            for start, end in period_bounds(contract.starts_on, contract.ends_on, months)
        ]
        Period.insert_many(rows).execute()
        audit.record(actor, "contract.create", contract, values)
    return contract


def update_contract(actor: User, contract: Contract, values: dict) -> None:
    """Change the contract's details (never its number or days: the periods come from them)."""
    with write_tx():
        contract = Contract.get_by_id(contract.id)
        changed = [name for name, value in values.items() if getattr(contract, name) != value]
        if changed:
            Contract.update(**values).where(Contract.id == contract.id).execute()
            audit.record(actor, "contract.update", contract, changed)


def check_reported_on(period: Period, reported_on: date) -> None:
    """Refused: a day before the period starts."""
    if reported_on < period.starts_on:
        raise refuse(_l("A period cannot be reported before it starts."), "reported_on")


def mark_reported(actor: User, period: Period, reported_on: date) -> None:
    """The period is reported to the funder: what belongs to it becomes read-only."""
    check_reported_on(period, reported_on)
    with write_tx():
        period = Period.get_by_id(period.id)
        if period.reported_on is not None:
            raise refuse(_l("This period is already reported."), "reported_on")
        period.reported_on, period.reported_by = reported_on, actor.id
        period.save()
        audit.record(actor, "period.report", period, ["reported_on"])
