"""The interim report's narrative, its challenges and the document as sent, per period."""

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from app.accounts import User
from app.db import BaseModel, utcnow
from app.periods.models import Period


class NarrativeVersion(BaseModel):
    """One saved text of one part of a period's report. Never changed: each save adds a version,
    so the latest is the text and the others are who wrote what, when."""

    period = ForeignKeyField(Period, on_delete="RESTRICT")
    part = CharField(max_length=8)  #: the report's section, "II" … "XIV" (app/interim/parts.py)
    text = TextField()  #: Markdown, rendered through the sanitiser
    written_by = ForeignKeyField(User, on_delete="RESTRICT")
    written_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("period", "part", "id"), False),)


class Challenge(BaseModel):
    """One problem the service met and the solution it proposes (section XII), in an area such as
    education or housing."""

    period = ForeignKeyField(Period, on_delete="RESTRICT")
    position = IntegerField()
    area = CharField(max_length=120)
    problem = TextField()
    solution = TextField()
    written_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=utcnow)


class SentReport(BaseModel):
    """The report as it was sent to the funder when the period was marked reported."""

    period = ForeignKeyField(Period, unique=True, on_delete="RESTRICT")
    filename = CharField(max_length=120)
    document = BlobField()
    sha256 = CharField(max_length=64)
    sent_by = ForeignKeyField(User, on_delete="RESTRICT")
    sent_at = DateTimeField(default=utcnow)
