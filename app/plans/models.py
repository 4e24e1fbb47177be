"""Socio-economic inclusion plans (SEP/SEIP): one per case file, drawn up by the social worker
with some or all of its members; needs, goals with tasks, the specialists to consult, reviews
and an outcome. Report records: never deleted."""

from peewee import BooleanField, CharField, DateField, ForeignKeyField, SmallIntegerField

from app.accounts import User
from app.cases.models import CaseFile
from app.clients.models import Membership
from app.db import BaseModel


class Outcome:
    FULFILLED = "fulfilled"
    PARTLY = "partly"
    NOT_FULFILLED = "not_fulfilled"
    ALL = (FULFILLED, PARTLY, NOT_FULFILLED)
    #: outcomes that need a reason category
    NEED_REASON = (PARTLY, NOT_FULFILLED)


class OutcomeReason:
    """Why a plan was not (fully) fulfilled: the interim report's categories."""

    LANGUAGE = "language"  #: "zemo latviešu valodas prasmju dēļ"
    LEFT = "left_country"
    ENDED = "service_ended"
    REFUSED = "refused"
    OTHER = "other"
    ALL = (LANGUAGE, LEFT, ENDED, REFUSED, OTHER)


class OwnerKind:
    SOCIAL_WORKER = "social_worker"
    MENTOR = "mentor"
    CLIENT = "client"
    INSTITUTION = "institution"
    ALL = (SOCIAL_WORKER, MENTOR, CLIENT, INSTITUTION)


class TaskStatus:
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    ALL = (OPEN, DONE, DROPPED)


class Plan(BaseModel):
    case = ForeignKeyField(CaseFile, backref="plans", unique=True, on_delete="RESTRICT")
    drawn_up_on = DateField(index=True)
    #: taken over with the case file from the previous contract (drawn up before it opened)
    taken_over = BooleanField(default=False)
    needs = CharField(max_length=2000, default="")
    specialists = CharField(max_length=500, default="")  #: the specialists to consult
    outcome = CharField(max_length=16, null=True)
    outcome_reason = CharField(max_length=16, null=True)
    outcome_note = CharField(max_length=300, default="")
    closed_on = DateField(null=True, index=True)


class PlanMember(BaseModel):
    """A member the plan was drawn up with."""

    plan = ForeignKeyField(Plan, backref="members", on_delete="RESTRICT")
    membership = ForeignKeyField(Membership, backref="plans", on_delete="RESTRICT")

    class Meta:
        indexes = ((("plan", "membership"), True),)


class PlanGoal(BaseModel):
    plan = ForeignKeyField(Plan, backref="goals", on_delete="RESTRICT")
    text = CharField(max_length=300)
    sort_order = SmallIntegerField(default=0)


class PlanTask(BaseModel):
    goal = ForeignKeyField(PlanGoal, backref="tasks", on_delete="RESTRICT")
    text = CharField(max_length=300)
    owner_kind = CharField(max_length=16)
    institution = CharField(max_length=120, default="")  #: when the owner is an institution
    due_on = DateField(index=True)
    status = CharField(max_length=8, default=TaskStatus.OPEN)
    done_on = DateField(null=True)


class PlanReview(BaseModel):
    plan = ForeignKeyField(Plan, backref="reviews", on_delete="RESTRICT")
    day = DateField(index=True)
    changes = CharField(max_length=1000)  #: what changed
    by = ForeignKeyField(User, backref="plan_reviews", on_delete="RESTRICT")
