"""Meetings and their minutes: series, attendance, files, decisions, action items, the
weekly-coverage reasons and the months submitted to the funder."""

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
from app.uploads.models import Upload


class MeetingKind:
    WEEKLY = "weekly"  #: the all-staff meeting the contract requires every week
    EXTRAORDINARY = "extraordinary"
    WORKER_MENTOR = "worker_mentor"
    OTHER = "other"
    ALL = (WEEKLY, EXTRAORDINARY, WORKER_MENTOR, OTHER)


class MeetingFormat:
    IN_PERSON = "in_person"
    ONLINE = "online"
    ALL = (IN_PERSON, ONLINE)


class MeetingSeries(BaseModel):
    """A template for meetings created ahead: same weekday, time, attendees, standing agenda."""

    kind = CharField(max_length=16, default=MeetingKind.WEEKLY)
    weekday = IntegerField()  #: 0 = Monday
    start_minute = IntegerField()
    end_minute = IntegerField()
    format = CharField(max_length=16, default=MeetingFormat.IN_PERSON)
    platform = CharField(max_length=120, default="")
    place = CharField(max_length=200, default="")
    chair = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    standing_agenda = TextField(default="")
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)


class SeriesMember(BaseModel):
    series = ForeignKeyField(MeetingSeries, backref="members", on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="RESTRICT")

    class Meta:
        indexes = ((("series", "user"), True),)


class MeetingStatus:
    DRAFT = "draft"
    FINAL = "final"


class Meeting(BaseModel):
    kind = CharField(max_length=16, index=True)
    day = DateField(index=True)
    start_minute = IntegerField()
    end_minute = IntegerField()
    format = CharField(max_length=16, default=MeetingFormat.IN_PERSON)
    platform = CharField(max_length=120, default="")  #: for online meetings (Zoom, Skype …)
    place = CharField(max_length=200, default="")
    chair = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    guests = TextField(default="")  #: external guests, free text
    agenda = TextField(default="")
    minutes = TextField(default="")  #: Markdown, rendered through a sanitiser
    status = CharField(max_length=16, default=MeetingStatus.DRAFT, index=True)
    series = ForeignKeyField(MeetingSeries, null=True, backref="meetings", on_delete="RESTRICT")
    version = IntegerField(default=1)  #: optimistic lock
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class Attendance(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="attendance", on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="RESTRICT")
    attended = BooleanField(null=True)  #: None until marked

    class Meta:
        indexes = ((("meeting", "user"), True),)


class MeetingFile(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="files", on_delete="RESTRICT")
    upload = ForeignKeyField(Upload, on_delete="RESTRICT")
    #: replaced by a newer version (kept, no longer in the bundle)
    superseded = BooleanField(default=False)
    added_at = DateTimeField(default=utcnow)


class MinutesEvent(BaseModel):
    """Finalize and reopen history; a finalize keeps the minutes as they were then."""

    meeting = ForeignKeyField(Meeting, backref="events", on_delete="RESTRICT")
    action = CharField(max_length=16)  #: finalize, reopen
    actor = ForeignKeyField(User, on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)
    reason = TextField(default="")
    agenda = TextField(default="")  #: snapshot at finalize
    minutes = TextField(default="")  #: snapshot at finalize


class Decision(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="decisions", on_delete="RESTRICT")
    position = IntegerField()
    text = TextField()


class ActionStatus:
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    ALL = (OPEN, DONE, DROPPED)


class ActionItem(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="action_items", on_delete="RESTRICT")
    decision = ForeignKeyField(Decision, null=True, on_delete="RESTRICT")
    text = TextField()
    owner = ForeignKeyField(User, on_delete="RESTRICT")
    due_on = DateField(null=True)
    status = CharField(max_length=16, default=ActionStatus.OPEN, index=True)
    closed_at = DateTimeField(null=True)


class CoverageReasonKind:
    SUPERVISION = "supervision"
    TRAINING = "training"
    HOLIDAY = "holiday"
    OTHER = "other"
    ALL = (SUPERVISION, TRAINING, HOLIDAY, OTHER)


class CoverageReason(BaseModel):
    """Why a week had no all-staff meeting."""

    week_start = DateField(unique=True)
    kind = CharField(max_length=16)
    text = TextField(default="")
    set_by = ForeignKeyField(User, on_delete="RESTRICT")
    set_at = DateTimeField(default=utcnow)


class MonthSubmission(BaseModel):
    """A month's protocols submitted to the funder: its minutes are then locked."""

    month = DateField(unique=True)  #: first day of the month
    submitted_on = DateField()
    note = TextField(default="")
    submitted_by = ForeignKeyField(User, on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)
