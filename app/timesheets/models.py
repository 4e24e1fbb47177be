"""Mentor timesheets: activity types, weeks with their workflow, entries, month locks, notices."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.hybrid import hybrid_property

from app.accounts import User
from app.cases.models import CaseFile
from app.db import BaseModel, utcnow
from app.lists import BilingualItem
from app.plans.models import PlanGoal


class ActivityType(BilingualItem):
    """What a mentor's hour was spent on: the lead's list."""

    audit_prefix = "activity"


class Place:
    PMC = "pmc"  #: at the asylum seekers' reception centre
    OUTSIDE = "outside"
    REMOTE = "remote"
    ALL = (PMC, OUTSIDE, REMOTE)


class WeekStatus:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    ALL = (DRAFT, SUBMITTED, APPROVED, RETURNED)
    EDITABLE = (DRAFT, RETURNED)


class Week(BaseModel):
    """One mentor's ISO week: the unit that is submitted, approved or returned."""

    mentor = ForeignKeyField(User, backref="weeks", on_delete="RESTRICT")
    week_start = DateField(index=True)  #: the Monday
    status = CharField(max_length=16, default=WeekStatus.DRAFT, index=True)
    submitted_at = DateTimeField(null=True, index=True)
    #: the lead's reason for approving despite a double-funding conflict
    conflict_justification = TextField(null=True)

    class Meta:
        indexes = ((("mentor", "week_start"), True),)


class WeekEvent(BaseModel):
    """A week's history: who did what, when, with what comment."""

    week = ForeignKeyField(Week, backref="events", on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)
    actor = ForeignKeyField(User, on_delete="RESTRICT")
    action = CharField(max_length=16)  #: submit, withdraw, approve, return, reopen, justify
    comment = TextField(default="")


def duration(start_minute, end_minute):
    """An entry's minutes from its start and end: of numbers, or of columns in a query."""
    return end_minute - start_minute


class Entry(BaseModel):
    week = ForeignKeyField(Week, backref="entries", on_delete="RESTRICT")
    mentor = ForeignKeyField(User, on_delete="RESTRICT")
    day = DateField()
    start_minute = IntegerField()  #: minutes after midnight, a multiple of 15
    end_minute = IntegerField()  #: up to 1440 (24:00), after start_minute
    activity = ForeignKeyField(ActivityType, on_delete="RESTRICT")
    place = CharField(max_length=16)
    note = TextField(default="")
    #: separately paid interpreting, recorded so double funding can be checked
    paid_interpreting = BooleanField(default=False)
    version = IntegerField(default=1)  #: optimistic lock: two tabs cannot overwrite each other
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        #: a mentor's days; and every entry newest first (timesheets_list), in any year
        indexes = ((("mentor", "day"), False), (("day", "start_minute"), False))

    @hybrid_property
    def minutes(self):
        """The minutes worked: a number on a row, the SQL expression on the class."""
        return duration(self.start_minute, self.end_minute)


#: the double-funding check starts from the days with paid interpreting, one entry in a hundred:
#: an index of those alone answers it in the window asked for, not by reading all the history
Entry.add_index(
    Entry.day, Entry.mentor, where=Entry.paid_interpreting, name="entry_paid_interpreting_day"
)


class EntryCase(BaseModel):
    entry = ForeignKeyField(Entry, backref="case_links", on_delete="CASCADE")
    case_file = ForeignKeyField(CaseFile, on_delete="RESTRICT")
    #: the mentor worked on a colleague's case (covering), not one assigned to them
    covering = BooleanField(default=False)
    #: the goal of the case file's inclusion plan the work served (optional)
    goal = ForeignKeyField(PlanGoal, null=True, backref="entry_links", on_delete="RESTRICT")

    class Meta:
        indexes = ((("entry", "case_file"), True),)


class MonthLock(BaseModel):
    """A month reported to the funder: nothing dated in it may change while locked."""

    month = DateField(unique=True)  #: the first day of the month
    locked = BooleanField(default=True)
    locked_at = DateTimeField(default=utcnow)
    locked_by = ForeignKeyField(User, on_delete="RESTRICT")
    #: why it was locked although weeks, conflicts or minutes of it were still open
    lock_reason = TextField(default="")
    unlocked_at = DateTimeField(null=True)
    unlocked_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    unlock_reason = TextField(default="")


class Notice(BaseModel):
    """An in-app reminder shown on a person's home page until dismissed."""

    user = ForeignKeyField(User, backref="notices", on_delete="RESTRICT")
    week_start = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    read_at = DateTimeField(null=True)
