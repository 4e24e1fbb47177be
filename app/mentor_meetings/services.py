"""Logging a social worker–mentor meeting, correcting it, and the weekly number the rule asks."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.core.models import set_setting
from app.db import write_tx
from app.mentor_meetings.models import MAX_PER_WEEK, PER_WEEK_SETTING, MentorMeeting, Mode
from app.mentor_meetings.queries import mentor_choices
from app.refusals import Refused


@dataclass(frozen=True)
class MeetingInput:
    mentor_id: int | None
    day: date
    mode: str
    note: str


def check(actor: User, values: MeetingInput, today: date) -> None:
    """Every rule the meeting breaks, each beside its field."""
    errors: dict[str, list] = {}
    if values.mentor_id not in {mentor_id for mentor_id, _name in mentor_choices(actor)}:
        errors["mentor"] = [_l("Choose one of your mentors.")]
    if values.day > today:
        errors["day"] = [_l("Log a meeting once it has taken place.")]
    if values.mode not in Mode.ALL:
        errors["mode"] = [_l("Choose in person or remote.")]
    if errors:
        raise Refused(errors)


def log_meeting(actor: User, values: MeetingInput, today: date) -> MentorMeeting:
    """A meeting the actor held with one of their mentors."""
    check(actor, values, today)
    with write_tx():
        meeting = MentorMeeting.create(
            social_worker=actor.id,
            mentor=values.mentor_id,
            day=values.day,
            mode=values.mode,
            note=values.note.strip(),
        )
        audit.record(actor, "mentor_meeting.create", meeting, ["mentor", "day", "mode"])
    return meeting


def update_meeting(actor: User, meeting: MentorMeeting, values: MeetingInput, today: date) -> bool:
    """Correct a meeting the actor logged; False when nothing changed."""
    check(actor, values, today)
    fields = {
        "mentor_id": values.mentor_id,
        "day": values.day,
        "mode": values.mode,
        "note": values.note.strip(),
    }
    with write_tx():
        meeting = MentorMeeting.get_by_id(meeting.id)
        changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
        if not changed:
            return False
        for name in changed:
            setattr(meeting, name, fields[name])
        meeting.save()
        audit.record(actor, "mentor_meeting.update", meeting, changed)
    return True


def set_per_week(actor: User, count: int) -> None:
    """How many meetings a week each mentor should have."""
    if not 1 <= count <= MAX_PER_WEEK:
        raise Refused.because(_l("Enter a number from 1 to %(max)d.", max=MAX_PER_WEEK), "count")
    with write_tx():
        set_setting(PER_WEEK_SETTING, str(count))
        audit.record(actor, "setting.update", None, [PER_WEEK_SETTING])
