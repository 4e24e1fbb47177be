"""The risk register: risks with numbered measures, comments and one assessment per period."""

from peewee import (
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
from app.periods.models import Period


class RiskType(BilingualItem):
    """The register's grouping of risks: an editable list."""

    audit_prefix = "risk_type"


class Band:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    ALL = (HIGH, MEDIUM, LOW)  #: in report order


class RiskStatus:
    ACTIVE = "active"
    CLOSED = "closed"


class Risk(BaseModel):
    type = ForeignKeyField(RiskType, on_delete="RESTRICT")
    title = CharField(max_length=200)
    description = TextField(default="")
    owner = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    status = CharField(max_length=16, default=RiskStatus.ACTIVE, index=True)
    closed_reason = TextField(default="")
    closed_on = DateField(null=True)
    #: the priority the contract set (high/medium/low); may differ from the scored band
    contract_priority = CharField(max_length=16, default=Band.MEDIUM)
    likelihood = IntegerField(default=3)  #: 1-5
    impact = IntegerField(default=3)  #: 1-5
    #: the day the risk entered the register; its first assessable period holds this day
    added_on = DateField()
    last_reviewed_on = DateField(null=True)
    version = IntegerField(default=1)  #: optimistic lock
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class MeasureStatus:
    PLANNED = "planned"
    IN_PLACE = "in_place"
    DROPPED = "dropped"
    ALL = (PLANNED, IN_PLACE, DROPPED)


class Measure(BaseModel):
    risk = ForeignKeyField(Risk, backref="measures", on_delete="RESTRICT")
    position = IntegerField()  #: 1, 2, 3 … as numbered in the contract's table
    text = TextField()
    owner = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    status = CharField(max_length=16, default=MeasureStatus.PLANNED)


class Assessment(BaseModel):
    """A risk's impact in one reporting period, written afterwards; counts as a review."""

    risk = ForeignKeyField(Risk, backref="assessments", on_delete="RESTRICT")
    period = ForeignKeyField(Period, on_delete="RESTRICT")
    text = TextField()
    likelihood = IntegerField()
    impact = IntegerField()
    author = ForeignKeyField(User, on_delete="RESTRICT")
    written_on = DateField()
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("risk", "period"), True),)


class RiskComment(BaseModel):
    """Coordinator's and social workers' remarks on a risk (they read, the lead edits)."""

    risk = ForeignKeyField(Risk, backref="comments", on_delete="RESTRICT")
    author = ForeignKeyField(User, on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)
    text = TextField()
