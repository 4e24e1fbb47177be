"""Forms: logging a meeting with a mentor, and the weekly number the rule asks."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired

from app.forms import (
    BaseForm,
    IdempotentForm,
    day_field,
    int_or_none,
    labelled_choices,
    select_choices,
    text_field,
)
from app.mentor_meetings.labels import MODE_LABELS
from app.mentor_meetings.models import NOTE_LIMIT, Mode


class MeetingFields(BaseForm):
    mentor = SelectField(_l("Mentor"), coerce=int_or_none, validate_choice=False)
    day = day_field(_l("Day"))
    mode = RadioField(
        _l("How"),
        choices=select_choices(MODE_LABELS.items()),
        default=Mode.IN_PERSON,
        validate_choice=False,
    )
    note = text_field(_l("Note"), NOTE_LIMIT, area=True, needed=False)

    def __init__(self, mentors, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentor.choices = labelled_choices(dict(mentors))


class MeetingForm(IdempotentForm, MeetingFields):
    """Logging a meeting."""


class MeetingEditForm(MeetingFields):
    """Correcting a meeting."""


class PerWeekForm(BaseForm):
    count = IntegerField(
        _l("Meetings a week with each mentor"),
        validators=[InputRequired(message=_l("Enter a number."))],
    )
