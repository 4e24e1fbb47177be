"""Forms of supervision and training: a session, attendance marks, a file, a kind."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.forms import BaseForm, ClockField, IdempotentForm, max_length, required, select_choices
from app.lists import NamesForm
from app.meetings.forms import TEXT_HINT, people_field
from app.meetings.labels import FORMAT_LABELS
from app.training.labels import AUDIENCE_LABELS, COUNTS_LABELS, FILE_ROLE_LABELS, MARK_LABELS
from app.training.models import Mark

HOURS_PATTERN = re.compile(r"[0-9]{1,4}(?:[.,][0-9]{1,2})?")
USER_ID = re.compile(r"[0-9]{1,9}")


class HoursField(StringField):
    """Hours as a decimal number, with a comma or a point: 1.5 or 1,5."""

    def pre_validate(self, form):
        if self.data and not HOURS_PATTERN.fullmatch(self.data.strip()):
            raise ValidationError(_l("Enter hours as a number, e.g. 1.5."))

    @property
    def minutes(self) -> int | None:
        text = (self.data or "").strip()
        if not HOURS_PATTERN.fullmatch(text):
            return None
        return round(Decimal(text.replace(",", ".")) * 60)


class SessionForm(IdempotentForm, BaseForm):
    kind = SelectField(_l("Kind"), coerce=int)
    topic = StringField(_l("Topic"), validators=[required(), max_length(300)])
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    end_day = DateField(
        _l("Last day"),
        description=_l("Only for an event over several days."),
        validators=[Optional()],
    )
    start = ClockField(_l("Start"), validators=[required()])
    end = ClockField(_l("End"), validators=[required()])
    hours = HoursField(
        _l("Hours in all"),
        description=_l(
            "Leave empty to count end − start on each day; fill in to set the length by hand."
        ),
        validators=[Optional()],
    )
    facilitator = StringField(
        _l("Facilitator"),
        description=_l("A person or an organisation."),
        validators=[Optional(), max_length(200)],
    )
    format = SelectField(_l("Format"), choices=select_choices(FORMAT_LABELS.items()))
    platform = StringField(
        _l("Platform"),
        description=_l("For online sessions: Zoom, Skype …"),
        validators=[Optional(), max_length(120)],
    )
    place = StringField(_l("Place"), validators=[Optional(), max_length(200)])
    audience = SelectField(_l("Audience"), choices=select_choices(AUDIENCE_LABELS.items()))
    participants = people_field(_l("Invited"))
    invite_audience = BooleanField(_l("Also invite the whole audience"))
    objectives = TextAreaField(
        _l("Objectives"), description=TEXT_HINT, validators=[Optional(), max_length(5000)]
    )
    results = TextAreaField(
        _l("Results"), description=TEXT_HINT, validators=[Optional(), max_length(5000)]
    )
    follow_up = TextAreaField(
        _l("Follow-up"), description=TEXT_HINT, validators=[Optional(), max_length(5000)]
    )
    version = HiddenField()

    def __init__(self, kinds, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = select_choices(kinds)
        self.participants.choices = select_choices(people)
        self.people_ids = {uid for uid, _name in people}

    def validate_participants(self, field):
        field.data = [uid for uid in field.data or [] if uid in self.people_ids]


class MarkForm(BaseForm):
    """One participant's mark; a row of AttendanceForm."""

    class Meta:
        csrf = False

    user = HiddenField()
    mark = SelectField(_l("Attendance"), choices=select_choices(MARK_LABELS.items()))
    #: no Optional(): it would stop the check below for an empty field
    hours = HoursField(_l("Hours attended"))

    def validate_hours(self, field):
        if self.mark.data == Mark.PARTLY and not field.minutes:
            raise ValidationError(_l("Enter the hours attended (more than 0)."))

    def minutes(self, session_minutes: int) -> int | None:
        """The mark as stored: None not marked, 0 absent, else the minutes attended."""
        return {Mark.FULL: session_minutes, Mark.ABSENT: 0, Mark.PARTLY: self.hours.minutes}.get(
            self.mark.data
        )


class AttendanceForm(BaseForm):
    marks = FieldList(FormField(MarkForm), max_entries=500)

    def user_ids(self) -> list[int | None]:
        return [
            int(entry.form.user.data) if USER_ID.fullmatch(entry.form.user.data or "") else None
            for entry in self.marks
        ]


class FileForm(IdempotentForm, BaseForm):
    file = FileField(
        _l("File (PDF, DOCX, ODT, PNG or JPEG)"), validators=[InputRequired(_l("Choose a file."))]
    )
    role = SelectField(_l("What it is"), choices=select_choices(FILE_ROLE_LABELS.items()))


class KindForm(NamesForm):
    counts_as = SelectField(_l("Counts as"), choices=select_choices(COUNTS_LABELS.items()))
    individual = BooleanField(_l("Individual (exactly one participant)"))
    sort_order = IntegerField(
        _l("Order"),
        default=0,
        validators=[Optional(), NumberRange(0, 999, message=_l("Use a number from 0 to 999."))],
    )
