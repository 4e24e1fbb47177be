"""Notices to the funder: what the provider told the funder and when — force majeure, changes of
staff, a surge when caseloads exceed the contract's limits, anything else — each with the
deadline the contract sets from the day of its event. Report records: never deleted."""

from datetime import date, timedelta

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from app.accounts import User
from app.db import BaseModel, utcnow


class NoticeKind:
    FORCE_MAJEURE = "force_majeure"
    STAFF_CHANGE = "staff_change"
    SURGE = "surge"
    OTHER = "other"
    ALL = (FORCE_MAJEURE, STAFF_CHANGE, SURGE, OTHER)


#: days from the event within which the funder must be told (None: no deadline). Force majeure:
#: the contract's 3 days; a change of staff and a surge are told as promptly (the contract asks
#: for "without delay", which the service has read as within 5 and 3 days).
DEADLINE_DAYS = {
    NoticeKind.FORCE_MAJEURE: 3,
    NoticeKind.STAFF_CHANGE: 5,
    NoticeKind.SURGE: 3,
    NoticeKind.OTHER: None,
}

SUBJECT_LIMIT = 200
DETAILS_LIMIT = 1000
HOW_LIMIT = 200


class FunderNotice(BaseModel):
    kind = CharField(max_length=16)
    event_on = DateField(index=True)  #: the day of the event the notice is about
    subject = CharField(max_length=SUBJECT_LIMIT)
    details = CharField(max_length=DETAILS_LIMIT, default="")
    sent_on = DateField(null=True, index=True)  #: None while the funder is not yet told
    sent_how = CharField(max_length=HOW_LIMIT, default="")  #: e.g. "e-pasts līguma kontaktpersonai"
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)


def deadline_of(kind: str, event_on: date) -> date | None:
    """The last day the funder may be told of an event of this kind."""
    days = DEADLINE_DAYS.get(kind)
    return None if days is None else event_on + timedelta(days=days)
