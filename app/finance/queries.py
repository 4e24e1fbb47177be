"""The finance figures of a range of months: the contract's sum, the plan for the range (the sum
spread evenly over the contract's months) and what the funder paid for those months."""

from dataclasses import dataclass
from datetime import date

from app.calendar import month_start, months_spanned
from app.finance.models import FunderPayment
from app.periods.models import Contract


@dataclass(frozen=True)
class Finance:
    contract: Contract
    first: date
    last: date
    months: int  #: months of the range within the contract
    plan_cents: int
    paid_cents: int

    @property
    def share_of_contract(self) -> float | None:
        """The paid sum as a percentage of the contract's sum."""
        return percent(self.paid_cents, self.contract.amount_cents)

    @property
    def share_of_plan(self) -> float | None:
        """The paid sum as a percentage of the plan for the range."""
        return percent(self.paid_cents, self.plan_cents)


def percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def overlap_months(first: date, last: date, other_first: date, other_last: date) -> int:
    """How many calendar months two ranges of months share."""
    start, end = max(month_start(first), month_start(other_first)), min(last, other_last)
    return months_spanned(start, end) if start <= end else 0


def paid_for(payment: dict, first: date, last: date) -> int:
    """The part of a payment that pays for months in the range, in cents: a payment covering
    several months is spread evenly over them."""
    covered = months_spanned(payment["first_month"], payment["last_month"])
    shared = overlap_months(first, last, payment["first_month"], payment["last_month"])
    return round(payment["amount_cents"] * shared / covered)


def contract_of(first: date, last: date) -> Contract | None:
    """The latest contract begun by the range's end (one query)."""
    return (
        Contract.select()
        .where(Contract.starts_on <= last)
        .order_by(Contract.starts_on.desc(), Contract.id.desc())
        .first()
    )


def payments_of(contract_id: int):
    """The contract's payments, the latest first."""
    return (
        FunderPayment.select()
        .where(FunderPayment.contract == contract_id)
        .order_by(FunderPayment.paid_on.desc(), FunderPayment.id.desc())
    )


def figures(contract: Contract, payments: list[dict], first: date, last: date) -> Finance:
    """The range's figures from the contract and its payments (`payments_of(...).dicts()`)."""
    start, end = max(first, contract.starts_on), min(last, contract.ends_on)
    months = overlap_months(start, end, contract.starts_on, contract.ends_on) if start <= end else 0
    contract_months = months_spanned(contract.starts_on, contract.ends_on)
    return Finance(
        contract=contract,
        first=first,
        last=last,
        months=months,
        plan_cents=round(contract.amount_cents * months / contract_months),
        paid_cents=sum(paid_for(payment, first, last) for payment in payments),
    )


def finance(first: date, last: date) -> Finance | None:
    """The range's finance figures, None without a contract (two queries)."""
    contract = contract_of(first, last)
    if contract is None:
        return None
    return figures(contract, list(payments_of(contract.id).dicts()), first, last)
