"""The weekly reception-centre roster: its weeks, shifts and the cap on staff on site (no cap is
seeded: the coordinator enters the contract's)."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class RosterWeek(Base):
        week_start = DateField(unique=True)
        status = CharField(max_length=8, default="draft", index=True)
        sent_on = DateField(null=True)
        sent_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        reopened_at = DateTimeField(null=True)
        reopened_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        reopen_reason = CharField(max_length=500, default="")
        created_at = DateTimeField()

    class RosterShift(Base):
        week = ForeignKeyField(RosterWeek, on_delete="RESTRICT")
        day = DateField(index=True)
        person = ForeignKeyField(User, on_delete="RESTRICT")
        start_minute = IntegerField()
        end_minute = IntegerField()
        duty = BooleanField(default=False)
        confirmed_at = DateTimeField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            indexes = ((("person", "day"), False),)

    class RosterCap(Base):
        valid_from = DateField(unique=True)
        max_staff = IntegerField(null=True)
        max_workers = IntegerField(null=True)
        max_mentors = IntegerField(null=True)
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

    db.create_tables([RosterWeek, RosterShift, RosterCap])
