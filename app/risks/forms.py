"""Forms of the risk register: a risk, closing it, a measure, an assessment, a comment, a type."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.forms import BaseForm, IdempotentForm, max_length, required, select_choices
from app.lists import NamesForm
from app.personal_data import CheckedTextAreaField
from app.risks.labels import BAND_LABELS, MEASURE_STATUS_LABELS
from app.risks.services import SCALE_MESSAGE

TEXT_HINT = _l("Case codes only — never a client's name.")
TITLE_LIMIT = 200
TEXT_LIMIT = 5000
COMMENT_LIMIT = 2000


def scale_field(label, description=None) -> IntegerField:
    """Likelihood or impact: a whole number 1-5, with one message for every wrong value."""
    return IntegerField(
        label,
        description=description,
        validators=[InputRequired(SCALE_MESSAGE), NumberRange(1, 5, SCALE_MESSAGE)],
    )


class ScaleMessages:
    """IntegerField's own "Not a valid integer value." becomes the 1-5 message."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name in ("likelihood", "impact"):
            field = getattr(self, name)
            if field.errors:
                field.errors = [SCALE_MESSAGE]
        return valid


def id_number(value) -> int:
    """An id from a select: a whole number small enough for the database, else ValueError."""
    number = int(value)
    if not 0 <= number < 2**62:
        raise ValueError(value)
    return number


def owner_field(label) -> SelectField:
    return SelectField(label, coerce=id_number, validate_choice=False)


def people_choices(people) -> list:
    return select_choices([(0, "—"), *people])


class RiskForm(IdempotentForm, ScaleMessages, BaseForm):
    type = SelectField(_l("Risk type"), coerce=id_number, validate_choice=False)
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the risk a title.")), max_length(TITLE_LIMIT)],
    )
    description = CheckedTextAreaField(
        _l("Description"), description=TEXT_HINT, validators=[Optional(), max_length(TEXT_LIMIT)]
    )
    owner = owner_field(_l("Owner"))
    contract_priority = SelectField(
        _l("Priority set by the contract"), choices=select_choices(BAND_LABELS.items())
    )
    likelihood = scale_field(_l("Likelihood (1–5)"), _l("1 rare … 5 almost certain"))
    impact = scale_field(_l("Impact (1–5)"), _l("1 negligible … 5 severe"))
    added_on = DateField(
        _l("In the register since"),
        description=_l("Its assessments start with the six-month period holding this day."),
        validators=[InputRequired(_l("Enter the date."))],
    )
    version = HiddenField()

    def __init__(self, types, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = select_choices(types)
        self.owner.choices = people_choices(people)


class CloseForm(BaseForm):
    reason = CheckedTextAreaField(
        _l("Reason for closing"),
        description=TEXT_HINT,
        validators=[required(), max_length(COMMENT_LIMIT)],
    )
    version = HiddenField()


class MeasureForm(IdempotentForm, BaseForm):
    text = CheckedTextAreaField(
        _l("Measure"), description=TEXT_HINT, validators=[required(), max_length(TEXT_LIMIT)]
    )
    owner = owner_field(_l("Owner"))
    status = SelectField(_l("Status"), choices=select_choices(MEASURE_STATUS_LABELS.items()))

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = people_choices(people)


class AssessmentForm(IdempotentForm, ScaleMessages, BaseForm):
    text = CheckedTextAreaField(
        _l("Assessment of the impact in the period"),
        description=TEXT_HINT,
        validators=[required(), max_length(TEXT_LIMIT)],
    )
    likelihood = scale_field(_l("Likelihood in the period (1–5)"))
    impact = scale_field(_l("Impact in the period (1–5)"))
    version = HiddenField()


class CommentForm(IdempotentForm, BaseForm):
    text = CheckedTextAreaField(
        _l("Comment"), description=TEXT_HINT, validators=[required(), max_length(COMMENT_LIMIT)]
    )


class RiskTypeForm(NamesForm):
    """A risk type's names: the add form, and each row's rename form."""
