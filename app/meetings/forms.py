"""Forms of meetings: details, minutes, a file, decisions, items, series, coverage."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from app.forms import (
    BaseForm,
    CheckboxListField,
    ClockField,
    IdempotentForm,
    max_length,
    required,
    select_choices,
    within_years,
)
from app.meetings.labels import (
    FORMAT_LABELS,
    KIND_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
    WEEKDAY_LABELS,
)
from app.personal_data import CheckedStringField, CheckedTextAreaField

TEXT_HINT = _l("Case codes only — never a client's name.")
MINUTES_HINT = _l(
    "Markdown: **bold**, *italic*, lists with -, ### headings, [links](https://…). "
    "Case codes only — never a client's name."
)


def people_field(label, **kwargs):
    return CheckboxListField(label, coerce=int, validate_choice=False, **kwargs)


def owner_choices(people) -> list:
    return select_choices([(0, "—"), *people])


class MeetingForm(IdempotentForm, BaseForm):
    kind = SelectField(_l("Kind"), choices=select_choices(KIND_LABELS.items()))
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date.")), within_years])
    start = ClockField(_l("Start"), validators=[required()])
    end = ClockField(_l("End"), validators=[required()])
    format = SelectField(_l("Format"), choices=select_choices(FORMAT_LABELS.items()))
    platform = StringField(
        _l("Platform"),
        description=_l("For online meetings: Zoom, Skype …"),
        validators=[Optional(), max_length(120)],
    )
    place = StringField(_l("Place"), validators=[Optional(), max_length(200)])
    chair = SelectField(_l("Chair"), coerce=int, validate_choice=False)
    attendees = people_field(_l("Attendees (invited)"))
    guests = TextAreaField(
        _l("External guests"), description=TEXT_HINT, validators=[Optional(), max_length(2000)]
    )
    agenda = CheckedTextAreaField(
        _l("Agenda"), description=TEXT_HINT, validators=[Optional(), max_length(10000)]
    )
    version = HiddenField()

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chair.choices = owner_choices(people)
        self.attendees.choices = select_choices(people)
        self.people_ids = {uid for uid, _name in people}

    def validate_chair(self, field):
        if field.data and field.data not in self.people_ids:
            field.data = 0

    def validate_attendees(self, field):
        field.data = [uid for uid in field.data or [] if uid in self.people_ids]


class MinutesForm(BaseForm):
    minutes = CheckedTextAreaField(
        _l("Minutes"), description=MINUTES_HINT, validators=[Optional(), max_length(50000)]
    )
    version = HiddenField()


class FileForm(IdempotentForm, BaseForm):
    file = FileField(
        _l("File (PDF, DOCX or ODT)"), validators=[InputRequired(_l("Choose a file."))]
    )
    replaces = HiddenField()


class DecisionForm(IdempotentForm, BaseForm):
    text = CheckedTextAreaField(
        _l("Decision"), description=TEXT_HINT, validators=[required(), max_length(2000)]
    )
    action_text = CheckedStringField(
        _l("Action item (optional)"), validators=[Optional(), max_length(500)]
    )
    owner = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    due_on = DateField(_l("Due date"), validators=[Optional(), within_years])

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = owner_choices(people)


class ActionForm(IdempotentForm, BaseForm):
    text = CheckedStringField(_l("Action item"), validators=[required(), max_length(500)])
    owner = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    due_on = DateField(_l("Due date"), validators=[Optional(), within_years])

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = owner_choices(people)


class ActionStatusForm(BaseForm):
    status = SelectField(_l("Status"), choices=select_choices(STATUS_LABELS.items()))


class ReopenForm(BaseForm):
    reason = TextAreaField(_l("Reason for reopening"), validators=[required(), max_length(2000)])


class SeriesForm(IdempotentForm, BaseForm):
    weekday = SelectField(_l("Weekday"), coerce=int, choices=select_choices(WEEKDAY_LABELS.items()))
    start = ClockField(_l("Start"), validators=[required()])
    end = ClockField(_l("End"), validators=[required()])
    format = SelectField(_l("Format"), choices=select_choices(FORMAT_LABELS.items()))
    platform = StringField(_l("Platform"), validators=[Optional(), max_length(120)])
    place = StringField(_l("Place"), validators=[Optional(), max_length(200)])
    chair = SelectField(_l("Chair"), coerce=int, validate_choice=False)
    members = people_field(_l("Attendees"))
    standing_agenda = TextAreaField(
        _l("Standing agenda"), description=TEXT_HINT, validators=[Optional(), max_length(10000)]
    )
    first_day = DateField(
        _l("From"), validators=[InputRequired(_l("Enter the date.")), within_years]
    )
    weeks = IntegerField(
        _l("Create the next N weeks"),
        default=4,
        validators=[
            InputRequired(),
            NumberRange(1, 26, message=_l("Create between 1 and 26 weeks at a time.")),
        ],
    )

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chair.choices = owner_choices(people)
        self.members.choices = select_choices(people)
        self.people_ids = {uid for uid, _name in people}

    def validate_chair(self, field):
        if field.data and field.data not in self.people_ids:
            field.data = 0

    def validate_members(self, field):
        field.data = [uid for uid in field.data or [] if uid in self.people_ids]


class CoverageReasonForm(BaseForm):
    kind = SelectField(_l("Reason"), choices=select_choices(REASON_LABELS.items()))
    text = StringField(_l("Note"), validators=[Optional(), max_length(500)])


class SubmitMonthForm(BaseForm):
    submitted_on = DateField(_l("Submitted on"), validators=[required(), within_years])
    note = TextAreaField(_l("Note"), validators=[max_length(2000)])
