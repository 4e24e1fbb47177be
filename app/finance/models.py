"""Payments received from the funder against the contract (the interim report's "X. Finanses").
Report records: never deleted."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from app.accounts import User
from app.db import BaseModel, utcnow
from app.periods.models import Contract

NOTE_LIMIT = 300


class FunderPayment(BaseModel):
    """One payment: the day it came, the sum without VAT, and the months it pays for."""

    contract = ForeignKeyField(Contract, backref="payments", on_delete="RESTRICT")
    paid_on = DateField(index=True)
    amount_cents = IntegerField()  #: euro cents, without VAT
    first_month = DateField()  #: the first day of the first month paid for
    last_month = DateField()  #: the first day of the last month paid for
    note = CharField(max_length=NOTE_LIMIT, default="")  #: e.g. the invoice's number
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)
