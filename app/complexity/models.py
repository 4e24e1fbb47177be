"""Case complexity: the lead's monthly rating of every open case file as low, medium or high
against written criteria, and the month's agreement with the funder."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from app.accounts import User
from app.cases.models import CaseFile
from app.db import BaseModel, utcnow
from app.lists import BilingualItem


class Level:
    LOW = "z"  #: zema
    MEDIUM = "v"  #: vidēja
    HIGH = "a"  #: augsta
    ALL = (LOW, MEDIUM, HIGH)


NOTE_LIMIT = 300
HOW_LIMIT = 200
REASON_LIMIT = 300


class ComplexityCriterion(BilingualItem):
    """A written criterion of one level: an editable list of the lead's."""

    audit_prefix = "complexity_criterion"

    level = CharField(max_length=1, index=True)  #: Level.LOW, MEDIUM or HIGH


class ComplexityRating(BaseModel):
    """A case file's complexity in one month, as the lead rated it."""

    case = ForeignKeyField(CaseFile, backref="complexity_ratings", on_delete="RESTRICT")
    month = DateField(index=True)  #: first day of the month
    level = CharField(max_length=1)
    note = CharField(max_length=NOTE_LIMIT, default="")
    rated_by = ForeignKeyField(User, on_delete="RESTRICT")
    rated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("case", "month"), True),)


class ComplexityMonth(BaseModel):
    """A month whose ratings were agreed with the funder; reopening clears the agreement (the
    events keep its history)."""

    month = DateField(unique=True)  #: first day of the month
    agreed_on = DateField(null=True)  #: None while the month is open (never agreed or reopened)
    agreed_how = CharField(max_length=HOW_LIMIT, default="")  #: e.g. "e-pasts fondam"
    agreed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")


class MonthEventKind:
    AGREE = "agree"
    REOPEN = "reopen"


class ComplexityMonthEvent(BaseModel):
    """An agreement or a reopening of a month, with how it was agreed or why it was reopened."""

    month = ForeignKeyField(ComplexityMonth, backref="events", on_delete="RESTRICT")
    kind = CharField(max_length=8)
    text = CharField(max_length=REASON_LIMIT)  #: how it was agreed, or the reopening's reason
    actor = ForeignKeyField(User, on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)
