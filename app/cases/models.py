"""Pseudonymous case files: a code, never a name; the people in them are app/clients."""

from peewee import CharField, DateField, ForeignKeyField, IntegerField

from app.accounts import User
from app.calendar import open_on
from app.db import BaseModel


class CaseKind:
    INDIVIDUAL = "individual"
    COUPLE = "couple"
    FAMILY = "family"
    ALL = (INDIVIDUAL, COUPLE, FAMILY)


class ClosingReason:
    """Why a case file closes: the interim report's outflow categories (also the last steps of
    a client's legal timeline)."""

    LEFT = "left_country"  #: left Latvia on their own
    RETURNED = "returned_iom"  #: returned voluntarily through the IOM
    DEPORTED = "deported"
    ENDED = "service_ended"  #: the service period ended
    REFUSED = "service_refused"  #: refused the service (to cooperate)
    ALL = (LEFT, RETURNED, DEPORTED, ENDED, REFUSED)


class CaseFile(BaseModel):
    code = CharField(max_length=16, unique=True)  #: e.g. "L-0042"
    kind = CharField(max_length=16, default=CaseKind.INDIVIDUAL)
    #: members on the case's last open day (today while open); kept by app/clients/services
    people = IntegerField(default=1)
    social_worker = ForeignKeyField(User, backref="cases_managed", on_delete="RESTRICT")
    mentor = ForeignKeyField(User, null=True, backref="cases_mentored", on_delete="RESTRICT")
    opened_on = DateField()
    closed_on = DateField(null=True, index=True)

    def is_open_on(self, day) -> bool:
        """Open on the day: inside its opened–closed span and in no gap between a closing and
        a reopening."""
        if not open_on(self.opened_on, self.closed_on, day):
            return False
        return not (
            CaseClosure.select()
            .where(
                CaseClosure.case == self.id,
                CaseClosure.closed_on < day,
                CaseClosure.reopened_on > day,
            )
            .exists()
        )


class CaseClosure(BaseModel):
    """A closing of a case file; a reopening fills in `reopened_on` and keeps the row, so the
    history of closings and their reasons stays."""

    case = ForeignKeyField(CaseFile, backref="closures", on_delete="RESTRICT")
    closed_on = DateField(index=True)
    reason = CharField(max_length=24, null=True)  #: None only for closings migrated without one
    #: a family with children: the day the municipal social service was told
    municipality_told_on = DateField(null=True)
    reopened_on = DateField(null=True)
