"""The demo's payment from the funder: 70 000 EUR for December 2019 – May 2020, as the seed's
report has it (13 % of the contract sum, 79 % of the six months' plan)."""

from datetime import date

from app.accounts import User
from app.finance.models import FunderPayment
from app.periods.models import Contract


def load_finance_demo(contract: Contract) -> None:
    FunderPayment.create(
        contract=contract,
        paid_on=date(2020, 6, 19),
        amount_cents=70_000_00,
        first_month=date(2019, 12, 1),
        last_month=date(2020, 5, 1),
        note="Rēķins DEMO-2020/06",
        created_by=User.get(User.username == "coordinator"),
    )
