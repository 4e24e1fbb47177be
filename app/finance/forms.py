"""The form of a payment received from the funder."""

from flask_babel import lazy_gettext as _l
from wtforms import MonthField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange

from app.finance.models import NOTE_LIMIT
from app.forms import (
    BaseForm,
    IdempotentForm,
    SumField,
    day_field,
    int_or_none,
    max_length,
    select_choices,
)


def _month_field(label):
    return MonthField(label, validators=[InputRequired(message=_l("Enter the month."))])


class PaymentFields(BaseForm):
    contract = SelectField(_l("Contract"), coerce=int_or_none, validate_choice=False)
    paid_on = day_field(_l("Received on"))
    amount = SumField(
        _l("Sum without VAT, EUR"),
        places=2,
        validators=[
            InputRequired(message=_l("Enter the sum.")),
            NumberRange(min=0, max=100_000_000, message=_l("Enter a sum from 0 to 100 000 000.")),
        ],
    )
    first_month = _month_field(_l("Pays for the months from"))
    last_month = _month_field(_l("to"))
    note = StringField(
        _l("Note"),
        description=_l("E.g. the invoice's number."),
        validators=[max_length(NOTE_LIMIT)],
    )

    def __init__(self, contracts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract.choices = select_choices(contracts)

    @property
    def amount_cents(self) -> int:
        return int(round((self.amount.data or 0) * 100))


class PaymentForm(IdempotentForm, PaymentFields):
    """Recording a payment."""


class PaymentEditForm(PaymentFields):
    """Correcting a payment."""
