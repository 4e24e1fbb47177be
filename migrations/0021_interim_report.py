"""The interim report's narrative (every saved version), its challenges and the copy as sent."""

from peewee import (
    BlobField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Period(Base):
        class Meta:
            table_name = "period"

    class NarrativeVersion(Base):
        period = ForeignKeyField(Period, on_delete="RESTRICT")
        part = CharField(max_length=8)
        text = TextField()
        written_by = ForeignKeyField(User, on_delete="RESTRICT")
        written_at = DateTimeField()

        class Meta:
            indexes = ((("period", "part", "id"), False),)

    class Challenge(Base):
        period = ForeignKeyField(Period, on_delete="RESTRICT")
        position = IntegerField()
        area = CharField(max_length=120)
        problem = TextField()
        solution = TextField()
        written_by = ForeignKeyField(User, on_delete="RESTRICT")
        updated_at = DateTimeField()

    class SentReport(Base):
        period = ForeignKeyField(Period, unique=True, on_delete="RESTRICT")
        filename = CharField(max_length=120)
        document = BlobField()
        sha256 = CharField(max_length=64)
        sent_by = ForeignKeyField(User, on_delete="RESTRICT")
        sent_at = DateTimeField()

    db.create_tables([NarrativeVersion, Challenge, SentReport])
