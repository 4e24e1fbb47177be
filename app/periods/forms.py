"""Forms: a contract (entered, then its details edited), and marking a period reported."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.forms import BaseForm, IdempotentForm, SumField, day_field, max_length, required

#: the contract's details as free text
DETAILS = ("subject", "project", "purpose", "contact")
#: the longest text of a contract's details (a paragraph each)
DETAIL_LIMIT = 2000


class ContractDetailsForm(IdempotentForm, BaseForm):
    """What may change after the contract is entered: all but its number and its days, from
    which the periods were made."""

    funder = StringField(_l("Funder"), validators=[required(), max_length(200)])
    amount = SumField(
        _l("Contract sum, EUR"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000_000, message=_l("Enter a sum from 0 to 100 000 000.")),
        ],
    )
    signed_on = day_field(_l("Signed on"), needed=False)
    subject = TextAreaField(
        _l("Subject of the contract"),
        description=_l("As the contract's title says, e.g. the service it is for."),
        validators=[max_length(DETAIL_LIMIT)],
    )
    project = TextAreaField(
        _l("Project or programme"),
        description=_l("The fund, project and its number that pay for the service."),
        validators=[max_length(DETAIL_LIMIT)],
    )
    purpose = TextAreaField(_l("Purpose of the service"), validators=[max_length(DETAIL_LIMIT)])
    contact = TextAreaField(
        _l("Contact person"),
        description=_l("Name, position, phone and e-mail, as the report gives them."),
        validators=[max_length(DETAIL_LIMIT)],
    )

    def values(self) -> dict:
        return {
            "funder": (self.funder.data or "").strip(),
            "amount_cents": int((self.amount.data or 0) * 100),
            "signed_on": self.signed_on.data,
            **{name: (self[name].data or "").strip() for name in DETAILS},
        }


class ContractForm(ContractDetailsForm):
    number = StringField(_l("Contract number"), validators=[required(), max_length(64)])
    starts_on = DateField(_l("Start"), validators=[InputRequired(_l("Enter the date."))])
    ends_on = DateField(_l("End"), validators=[InputRequired(_l("Enter the date."))])

    def values(self) -> dict:
        return {
            "number": (self.number.data or "").strip(),
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            **super().values(),
        }


class ReportedForm(BaseForm):
    reported_on = DateField(_l("Reported on"), validators=[InputRequired(_l("Enter the date."))])
