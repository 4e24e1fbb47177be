"""Social worker–mentor meetings: each individual meeting a social worker holds with a mentor
they supervise, logged in seconds; the contract asks for at least a number of them a week per
mentor (a setting). Report records: never deleted."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from app.accounts import User
from app.core.models import get_setting
from app.db import BaseModel, utcnow


class Mode:
    IN_PERSON = "in_person"
    REMOTE = "remote"
    ALL = (IN_PERSON, REMOTE)


NOTE_LIMIT = 300
#: the setting holding how many meetings a week each mentor should have
PER_WEEK_SETTING = "mentor_meetings_per_week"
#: the service's own rule (DOMAIN.md); the contract's measure says once
DEFAULT_PER_WEEK = 2
MAX_PER_WEEK = 7


class MentorMeeting(BaseModel):
    social_worker = ForeignKeyField(User, backref="mentor_meetings_held", on_delete="RESTRICT")
    mentor = ForeignKeyField(User, backref="mentor_meetings", on_delete="RESTRICT")
    day = DateField(index=True)
    mode = CharField(max_length=16)
    note = CharField(max_length=NOTE_LIMIT, default="")
    created_at = DateTimeField(default=utcnow)


def meetings_per_week() -> int:
    """How many meetings a week each supervised mentor should have (the setting, else 2)."""
    value = get_setting(PER_WEEK_SETTING)
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_PER_WEEK else DEFAULT_PER_WEEK
