"""Forms of the timesheets: an entry, a decision comment, a month unlock, an activity type."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from app.forms import BaseForm, ClockField, IdempotentForm, max_length, required, select_choices
from app.lists import NamesForm
from app.personal_data import CheckedTextAreaField
from app.timesheets.labels import PLACE_LABELS

NOTE_LIMIT = 500


class CodeListField(Field):
    """Case codes from any number of checkboxes named like the field."""

    def _value(self):
        return ""

    def process_formdata(self, valuelist):
        self.data = [value.strip().upper()[:16] for value in valuelist if value.strip()][:20]

    def process_data(self, value):
        self.data = list(value or [])


class GoalChoicesField(Field):
    """The plan goal served per case code, from selects named like the field whose values read
    "CODE:GOAL_ID" ("CODE:" for none): a dict of code to the goal id as sent."""

    def _value(self):
        return ""

    def process_formdata(self, valuelist):
        self.data = {}
        for value in valuelist[:20]:
            code, _colon, goal = value.partition(":")
            code = code.strip().upper()[:16]
            if code:
                self.data[code] = goal.strip()[:20]

    def process_data(self, value):
        self.data = dict(value or {})


class EntryForm(IdempotentForm, BaseForm):
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    start = ClockField(_l("Start"), validators=[required()])
    end = ClockField(_l("End"), validators=[required()])
    activity = SelectField(_l("Activity"), coerce=int, validators=[InputRequired()])
    place = SelectField(_l("Place"), choices=select_choices(PLACE_LABELS.items()))
    cases = CodeListField(_l("Case files"))
    goals = GoalChoicesField(_l("Goal served"))
    note = CheckedTextAreaField(
        _l("Note"),
        description=_l("Case codes only — never a client's name. At most 500 characters."),
        validators=[Optional(), max_length(NOTE_LIMIT)],
    )
    paid_interpreting = BooleanField(
        _l("Paid interpreting (paid separately, outside this service)"),
    )
    version = HiddenField()

    def __init__(self, activity_choices: list[tuple[int, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity.choices = select_choices(activity_choices)


class CopyWeekForm(IdempotentForm, BaseForm):
    """Copy last week's entries into this week: nothing to fill in, the key makes a retry safe."""


class CommentForm(BaseForm):
    comment = CheckedTextAreaField(
        _l("Comment"),
        description=_l("Case codes only — never a client's name."),
        validators=[Optional(), max_length(2000)],
    )


class LockForm(BaseForm):
    #: required by the rule (services.lock_month) only while the month is still open
    reason = TextAreaField(_l("Reason for locking now"), validators=[Optional(), max_length(2000)])


class UnlockForm(BaseForm):
    reason = TextAreaField(_l("Reason for unlocking"), validators=[required(), max_length(2000)])


class ActivityTypeForm(NamesForm):
    sort_order = IntegerField(_l("Order"), default=0, validators=[Optional()])

    def values(self) -> dict:
        """The new type's fields; an order left blank is 0."""
        return {**self.names(), "sort_order": self.sort_order.data or 0}
