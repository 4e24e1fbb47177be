"""The weekly reception-centre roster: who of the staff is planned at the reception centre (PMC)
on each day, from when to when, the duty mentor of the day, and the social workers' own
confirmation that they were there (they file no timesheets, so this is their only record of
presence). The cap on staff on site is a small table of settings, each holding from its day.
Report records: a sent week is never changed."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from app.accounts import User
from app.db import BaseModel, utcnow
from app.permissions import Role

#: the roles a roster names, and how the cap counts them
WORKER_ROLES = (Role.SOCIAL_WORKER, Role.LEAD)
MENTOR_ROLES = (Role.MENTOR,)
ROSTER_ROLES = (*WORKER_ROLES, *MENTOR_ROLES)

REASON_LIMIT = 500


class RosterStatus:
    DRAFT = "draft"
    SENT = "sent"
    ALL = (DRAFT, SENT)


class RosterWeek(BaseModel):
    """One ISO week of the roster: planned while a draft, sent to the funder, then read-only."""

    week_start = DateField(unique=True)  #: the Monday
    status = CharField(max_length=8, default=RosterStatus.DRAFT, index=True)
    sent_on = DateField(null=True)  #: the day the coordinator sent it to the funder
    sent_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    #: the coordinator's last reopening of a sent week, and why (a draft again until re-sent)
    reopened_at = DateTimeField(null=True)
    reopened_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    reopen_reason = CharField(max_length=REASON_LIMIT, default="")
    created_at = DateTimeField(default=utcnow)


class RosterShift(BaseModel):
    """One person's planned presence at the reception centre on one day."""

    week = ForeignKeyField(RosterWeek, backref="shifts", on_delete="RESTRICT")
    day = DateField(index=True)
    person = ForeignKeyField(User, on_delete="RESTRICT")
    start_minute = IntegerField()  #: minutes after midnight, a multiple of 15
    end_minute = IntegerField()  #: up to 1440 (24:00), after start_minute
    #: the duty mentor of the day, who connects clients to their own mentor (a mentor's shift)
    duty = BooleanField(default=False)
    #: the person's own confirmation that they were there (social workers: their only record)
    confirmed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("person", "day"), False),)


class RosterCap(BaseModel):
    """The most staff allowed on site a day, from `valid_from` until the next cap's day. A limit
    left empty does not apply (e.g. a total until 17.05.2020, then per role)."""

    valid_from = DateField(unique=True)
    max_staff = IntegerField(null=True)  #: everyone on site
    max_workers = IntegerField(null=True)  #: social workers (the lead included)
    max_mentors = IntegerField(null=True)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)
