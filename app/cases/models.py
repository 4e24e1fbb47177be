"""Pseudonymous case files: a code, never a name, birth date or nationality."""

from peewee import CharField, DateField, ForeignKeyField, IntegerField

from app.auth.models import User
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
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)
