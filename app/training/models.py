"""Supervision and training: kinds, sessions, invitations and attendance marks, attachments,
and the secret calendar-feed token of each person."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from app.accounts import User
from app.db import BaseModel, utcnow
from app.lists import BilingualItem
from app.meetings.models import MeetingFormat
from app.uploads.models import Upload


class Counts:
    """What a kind of session counts as in the contract's reports."""

    SUPERVISION = "supervision"
    TRAINING = "training"
    ALL = (SUPERVISION, TRAINING)


class TrainingKind(BilingualItem):
    """A kind of session and what it counts as: an editable list."""

    audit_prefix = "training_kind"

    counts_as = CharField(max_length=16)  #: Counts.SUPERVISION or Counts.TRAINING
    individual = BooleanField(default=False)  #: exactly one participant (individual supervision)


class Audience:
    SOCIAL_WORKERS = "social_workers"
    MENTORS = "mentors"
    ALL_STAFF = "all_staff"
    ALL = (SOCIAL_WORKERS, MENTORS, ALL_STAFF)


class TrainingSession(BaseModel):
    kind = ForeignKeyField(TrainingKind, on_delete="RESTRICT")
    topic = CharField(max_length=300)
    day = DateField(index=True)
    end_day = DateField(null=True)  #: last day of a multi-day event
    start_minute = IntegerField()
    end_minute = IntegerField()
    #: the session's length in minutes: end − start, or set by hand for multi-day events
    minutes = IntegerField()
    minutes_overridden = BooleanField(default=False)
    facilitator = CharField(max_length=200, default="")  #: a person or an organisation
    format = CharField(max_length=16, default=MeetingFormat.IN_PERSON)
    platform = CharField(max_length=120, default="")  #: for online sessions
    place = CharField(max_length=200, default="")
    audience = CharField(max_length=16, default=Audience.ALL_STAFF)
    objectives = TextField(default="")
    results = TextField(default="")
    follow_up = TextField(default="")
    cancelled = BooleanField(default=False)  #: kept for the record, never deleted
    version = IntegerField(default=1)  #: optimistic lock
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class Mark:
    """An attendance mark as the form offers it; stored as the attended minutes."""

    NOT_MARKED, FULL, PARTLY, ABSENT = "", "full", "partly", "absent"

    @staticmethod
    def of(attended_minutes: int | None, session_minutes: int) -> str:
        if attended_minutes is None:
            return Mark.NOT_MARKED
        if attended_minutes == 0:
            return Mark.ABSENT
        return Mark.FULL if attended_minutes >= session_minutes else Mark.PARTLY


class Participant(BaseModel):
    """An invitation, and after the session the attendance mark every reported hour traces to."""

    session = ForeignKeyField(TrainingSession, backref="participants", on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="RESTRICT")
    #: None until marked; 0 = absent; the session's minutes = attended fully; less = partly
    attended_minutes = IntegerField(null=True)
    marked_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    marked_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("session", "user"), True),)


class SessionFile(BaseModel):
    session = ForeignKeyField(TrainingSession, backref="files", on_delete="RESTRICT")
    upload = ForeignKeyField(Upload, on_delete="RESTRICT")
    role = CharField(max_length=16, default="material")  #: agenda, material, attendance_sheet
    added_at = DateTimeField(default=utcnow)


class CalendarFeed(BaseModel):
    """The secret of a person's .ics URL; renewing replaces it, so the old URL stops working."""

    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    #: SHA-256 of the token: a copied database does not reveal the live URL
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
