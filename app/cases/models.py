"""Pseudonymous case files: a code, never a name, birth date or nationality."""

from peewee import CharField, DateField, ForeignKeyField, IntegerField

from app.accounts import User
from app.calendar import open_on
from app.db import BaseModel


class CaseKind:
    INDIVIDUAL = "individual"
    FAMILY = "family"
    ALL = (INDIVIDUAL, FAMILY)


class CaseFile(BaseModel):
    code = CharField(max_length=16, unique=True)  #: e.g. "L-0042"
    kind = CharField(max_length=16, default=CaseKind.INDIVIDUAL)
    people = IntegerField(default=1)  #: people in the case file (a family counts each member)
    social_worker = ForeignKeyField(User, backref="cases_managed", on_delete="RESTRICT")
    mentor = ForeignKeyField(User, null=True, backref="cases_mentored", on_delete="RESTRICT")
    opened_on = DateField()
    closed_on = DateField(null=True, index=True)

    def is_open_on(self, day) -> bool:
        return open_on(self.opened_on, self.closed_on, day)
