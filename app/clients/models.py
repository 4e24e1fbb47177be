"""The people served, pseudonymously: a client has no name, no date of birth and no address;
gender, a year of birth at most, a country as an ISO code. A client belongs to case files
through memberships (L-0042/1, /2 …); their legal situation and residence are timelines."""

from peewee import CharField, DateField, ForeignKeyField, SmallIntegerField

from app.cases.models import CaseFile, ClosingReason
from app.db import BaseModel


class Gender:
    FEMALE = "female"
    MALE = "male"
    ALL = (FEMALE, MALE)


class ArrivalRoute:
    OWN = "own"  #: arrived in Latvia on their own
    RELOCATION = "relocation"  #: relocated under the EU programme
    ALL = (OWN, RELOCATION)


class Stage:
    """The steps of a client's legal timeline, in the order the procedure allows them."""

    ASYLUM_SEEKER = "asylum_seeker"  #: asked for asylum (arrival)
    REFUGEE = "refugee_status"  #: the migration office (PMLP) granted refugee status
    ALTERNATIVE = "alternative_status"  #: PMLP granted alternative (subsidiary) status
    NEGATIVE = "negative_decision"  #: PMLP refused status
    APPEAL = "appeal"  #: appealed to the administrative court
    COURT_POSITIVE = "court_positive"
    COURT_NEGATIVE = "court_negative"  #: final
    #: the ends of a timeline are a case file's closing reasons
    LEFT = ClosingReason.LEFT
    RETURNED = ClosingReason.RETURNED
    DEPORTED = ClosingReason.DEPORTED
    REFUSED = ClosingReason.REFUSED
    ENDED = ClosingReason.ENDED

    DECISIONS = (REFUGEE, ALTERNATIVE, NEGATIVE)
    STATUSES = (REFUGEE, ALTERNATIVE)
    COURT = (COURT_POSITIVE, COURT_NEGATIVE)
    EXITS = ClosingReason.ALL
    ALL = (ASYLUM_SEEKER, *DECISIONS, APPEAL, *COURT, *EXITS)


class Place:
    PMC = "pmc"  #: the asylum seekers' reception centre
    MUNICIPALITY = "municipality"  #: outside it, in a municipality
    ALL = (PMC, MUNICIPALITY)


class Client(BaseModel):
    gender = CharField(max_length=8, null=True)
    birth_year = SmallIntegerField(null=True)  #: never a date of birth
    country = CharField(max_length=2, null=True)  #: ISO 3166-1 alpha-2 of origin
    arrival_route = CharField(max_length=16, null=True)
    arrived_on = DateField(null=True)  #: arrival in Latvia: the entitlement counts from it
    school_grade = SmallIntegerField(null=True)  #: 1–12 for a pupil, else empty


class Membership(BaseModel):
    """A client's time in a case file: a baby joins the day it is born, a member leaves. A
    client is served on the days their membership and the case file's being open share (a
    closing does not end memberships, so a reopening needs no new ones)."""

    client = ForeignKeyField(Client, backref="memberships", on_delete="RESTRICT")
    case = ForeignKeyField(CaseFile, backref="memberships", on_delete="RESTRICT")
    number = SmallIntegerField()  #: the /n of L-0042/n, never reused inside the case
    joined_on = DateField(index=True)
    left_on = DateField(null=True, index=True)

    class Meta:
        indexes = ((("case", "number"), True),)


class LegalEvent(BaseModel):
    client = ForeignKeyField(Client, backref="legal_events", on_delete="RESTRICT")
    stage = CharField(max_length=24)
    day = DateField()

    class Meta:
        indexes = ((("client", "day"), False),)


class Residence(BaseModel):
    """Where a client lives from a day on, until the next row."""

    client = ForeignKeyField(Client, backref="residences", on_delete="RESTRICT")
    place = CharField(max_length=16)
    municipality = CharField(max_length=60, default="")  #: e.g. "Rīga"; empty at the PMC
    since = DateField()

    class Meta:
        indexes = ((("client", "since"), False),)
