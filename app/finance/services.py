"""Recording and correcting the funder's payments."""

from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.calendar import month_start
from app.db import write_tx
from app.finance.models import FunderPayment
from app.periods.models import Contract
from app.refusals import Refused


@dataclass(frozen=True)
class PaymentInput:
    contract_id: int
    paid_on: date
    amount_cents: int
    first_month: date
    last_month: date
    note: str


def check(values: PaymentInput, contract: Contract | None, paid_before: int, today: date) -> None:
    """Every rule a payment breaks, each beside its field; `paid_before` is what the contract's
    other payments add up to."""
    if contract is None:
        raise Refused({"contract": [_l("Choose the contract the payment is for.")]})
    errors: dict[str, list] = {}
    if values.paid_on > today:
        errors["paid_on"] = [_l("Record a payment once it has come.")]
    elif values.paid_on < contract.starts_on:
        errors["paid_on"] = [_l("The payment is dated before the contract starts.")]
    if values.amount_cents <= 0:
        errors["amount"] = [_l("Enter a sum above zero.")]
    elif contract.amount_cents and paid_before + values.amount_cents > contract.amount_cents:
        errors["amount"] = [_l("With this payment the contract would be paid more than its sum.")]
    if values.last_month < values.first_month:
        errors["last_month"] = [_l("The last month is before the first.")]
    elif values.first_month < month_start(contract.starts_on):
        errors["first_month"] = [_l("The contract does not cover this month.")]
    elif values.last_month > contract.ends_on:
        errors["last_month"] = [_l("The contract does not cover this month.")]
    if errors:
        raise Refused(errors)


def _paid_before(contract_id: int, except_id: int | None = None) -> int:
    query = FunderPayment.select().where(FunderPayment.contract == contract_id)
    if except_id is not None:
        query = query.where(FunderPayment.id != except_id)
    return sum(row.amount_cents for row in query)


def _fields(values: PaymentInput) -> dict:
    return {**asdict(values), "note": values.note.strip()}


def create_payment(actor: User, values: PaymentInput, today: date) -> FunderPayment:
    """A payment received, within the contract and its sum."""
    with write_tx():
        contract = Contract.get_or_none(Contract.id == values.contract_id)
        check(values, contract, contract and _paid_before(contract.id), today)
        payment = FunderPayment.create(created_by=actor.id, **_fields(values))
        audit.record(actor, "payment.create", payment, ["amount_cents", "paid_on"])
    return payment


def update_payment(actor: User, payment_id: int, values: PaymentInput, today: date) -> bool:
    """Correct a payment; audited with the changed fields' names. False when nothing changed."""
    with write_tx():
        payment = FunderPayment.get_by_id(payment_id)
        contract = Contract.get_or_none(Contract.id == values.contract_id)
        check(values, contract, contract and _paid_before(contract.id, payment.id), today)
        fields = _fields(values)
        changed = [name for name, value in fields.items() if getattr(payment, name) != value]
        if not changed:
            return False
        for name in changed:
            setattr(payment, name, fields[name])
        payment.save()
        audit.record(actor, "payment.update", payment, changed)
    return True
