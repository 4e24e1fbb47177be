"""The roster's forms: a shift, copying last week, sending, confirming presence, and a cap."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.forms import (
    BaseForm,
    ClockField,
    IdempotentForm,
    int_or_none,
    max_length,
    required,
    select_choices,
    within_years,
)
from app.roster.models import REASON_LIMIT


class ShiftForm(IdempotentForm, BaseForm):
    day = DateField(_l("Day"), validators=[InputRequired(_l("Enter the day.")), within_years])
    #: the service checks the person (active staff of a roster role), beside this field
    person = SelectField(_l("Person"), coerce=int_or_none, validate_choice=False)
    start = ClockField(_l("From"), validators=[required()])
    end = ClockField(_l("To"), validators=[required()])
    duty = BooleanField(
        _l("Duty mentor of the day"),
        description=_l("Connects clients to their own mentor. One mentor a day."),
    )

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = select_choices([("", _l("— choose —")), *people])


class CopyWeekForm(IdempotentForm, BaseForm):
    """Copy last week's shifts: nothing to fill in, the key makes a retry safe."""


class CapForm(IdempotentForm, BaseForm):
    valid_from = DateField(
        _l("Holds from"), validators=[InputRequired(_l("Enter the day.")), within_years]
    )
    max_staff = IntegerField(
        _l("Staff on site a day, at most"),
        description=_l("Everyone together; leave empty when the cap is per role."),
        validators=[Optional(), NumberRange(0, 999, _l("Enter a number from 0 to 999."))],
    )
    max_workers = IntegerField(
        _l("Social workers a day, at most"),
        validators=[Optional(), NumberRange(0, 999, _l("Enter a number from 0 to 999."))],
    )
    max_mentors = IntegerField(
        _l("Mentors a day, at most"),
        validators=[Optional(), NumberRange(0, 999, _l("Enter a number from 0 to 999."))],
    )


class ReopenForm(BaseForm):
    reason = TextAreaField(
        _l("Why the sent roster is reopened"),
        description=_l("The funder is sent the corrected roster again."),
        validators=[required(), max_length(REASON_LIMIT)],
    )
