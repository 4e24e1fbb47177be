"""Forms: a contract, and marking a period reported."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.forms import BaseForm, IdempotentForm, SumField, max_length, required


class ContractForm(IdempotentForm, BaseForm):
    number = StringField(_l("Contract number"), validators=[required(), max_length(64)])
    funder = StringField(_l("Funder"), validators=[required(), max_length(200)])
    starts_on = DateField(_l("Start"), validators=[InputRequired(_l("Enter the date."))])
    ends_on = DateField(_l("End"), validators=[InputRequired(_l("Enter the date."))])
    amount = SumField(
        _l("Contract sum, EUR"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000_000, message=_l("Enter a sum from 0 to 100 000 000.")),
        ],
    )


class ReportedForm(BaseForm):
    reported_on = DateField(_l("Reported on"), validators=[InputRequired(_l("Enter the date."))])
