"""Extraordinary-situation addenda to the monthly reports (the COVID-19 addenda of spring 2020):
an addendum is switched on for a range of months, and for each of them the staff write the
measures taken; the figures beside them (remote work, who was on site, extraordinary meetings)
come from the records. Report records: never deleted."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from app.accounts import User
from app.db import BaseModel, utcnow

TITLE_LIMIT = 120
MEASURES_LIMIT = 4000


class Addendum(BaseModel):
    title = CharField(max_length=TITLE_LIMIT)  #: e.g. "COVID-19 ārkārtējā situācija"
    first_month = DateField()  #: the first day of the first month it covers
    last_month = DateField()  #: the first day of the last month it covers
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)


class AddendumMonth(BaseModel):
    """The measures taken in one month of an addendum, in the staff's words."""

    addendum = ForeignKeyField(Addendum, backref="months", on_delete="RESTRICT")
    month = DateField()
    measures = TextField(default="")
    written_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("addendum", "month"), True),)
