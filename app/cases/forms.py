"""Forms of the case files: a case file, and its closing."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from app.cases.labels import CLOSING_REASON_LABELS, KIND_LABELS
from app.forms import BaseForm, IdempotentForm, required, select_choices

NO_MENTOR = 0
#: a letter, a dash and four digits; [0-9] and \Z, not \d and $, which also accept other
#: scripts' digits and a trailing newline
CODE_PATTERN = r"^[A-Z]-[0-9]{4}\Z"


def upper_code(value):
    return value.strip().upper() if isinstance(value, str) else value


class CaseForm(IdempotentForm, BaseForm):
    code = StringField(
        _l("Case code"),
        description=_l("A capital letter, a dash and four digits, e.g. L-0042."),
        filters=[upper_code],
        validators=[
            required(),
            Regexp(
                CODE_PATTERN,
                message=_l(
                    "Write the code as a letter, a dash and four digits, e.g. L-0042 "
                    "(never a name)."
                ),
            ),
        ],
    )
    kind = SelectField(_l("Kind"), choices=select_choices(KIND_LABELS.items()))
    social_worker = SelectField(_l("Social worker"), coerce=int)
    mentor = SelectField(_l("Mentor"), coerce=int, default=NO_MENTOR)
    opened_on = DateField(
        _l("Opened on"), validators=[InputRequired(message=_l("Enter the opening date."))]
    )

    def __init__(
        self,
        worker_choices: list[tuple[int, str]],
        mentor_choices: list[tuple[int, str]],
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.social_worker.choices = select_choices(worker_choices)
        self.mentor.choices = select_choices([(NO_MENTOR, _l("— none —")), *mentor_choices])


class NewCaseForm(CaseForm):
    """A new case file also says how many people it holds; each becomes a member whose
    details the case page asks for."""

    people = IntegerField(
        _l("People in the case file"),
        description=_l("1 for an individual; every member of a family."),
        default=1,
        validators=[
            InputRequired(message=_l("Enter the number of people.")),
            NumberRange(min=1, max=30, message=_l("Enter a number from 1 to 30.")),
        ],
    )


class ClosingFields(BaseForm):
    reason = SelectField(
        _l("Why the case file closes"),
        choices=select_choices([("", _l("— choose —")), *CLOSING_REASON_LABELS.items()]),
        validate_choice=False,  # the service refuses a missing or unknown reason beside it
    )
    municipality_told_on = DateField(
        _l("Municipal social service told on"),
        description=_l("For a family with children: the day the municipality was told."),
        validators=[Optional()],
    )


class CloseForm(ClosingFields):
    closed_on = DateField(
        _l("Closing date"), validators=[InputRequired(message=_l("Enter the closing date."))]
    )


class ReopenForm(BaseForm):
    reopened_on = DateField(
        _l("Reopened on"), validators=[InputRequired(message=_l("Enter the day."))]
    )
