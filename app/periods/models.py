"""The contract with the funder and its reporting periods (months and six-month interims)."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from app.accounts import User
from app.db import BaseModel, utcnow


class Contract(BaseModel):
    number = CharField(max_length=64, unique=True)
    funder = CharField(max_length=200)
    starts_on = DateField()
    ends_on = DateField()
    amount_cents = IntegerField(default=0)  #: the contract sum in euro cents
    #: what the interim report's first section says of the contract
    signed_on = DateField(null=True)
    subject = TextField(default="")  #: what the contract is for, as its title says
    project = TextField(default="")  #: the funding programme or project it is part of
    purpose = TextField(default="")  #: the service's purpose
    contact = TextField(default="")  #: the provider's contact person, with phone and e-mail
    created_at = DateTimeField(default=utcnow)


class PeriodKind:
    MONTH = "month"
    INTERIM = "interim"  #: six months, reported in an interim report
    ALL = (MONTH, INTERIM)


class Period(BaseModel):
    contract = ForeignKeyField(Contract, backref="periods", on_delete="RESTRICT")
    kind = CharField(max_length=16)
    starts_on = DateField()
    ends_on = DateField()
    #: set when the period is reported to the funder: what belongs to it is then read-only
    reported_on = DateField(null=True)
    reported_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

    class Meta:
        indexes = ((("contract", "kind", "starts_on"), True),)

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
