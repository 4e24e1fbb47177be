"""Notices to the funder: force majeure, changes of staff, surges and others, with the day of
the event and the day the funder was told."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class FunderNotice(Base):
        kind = CharField(max_length=16)
        event_on = DateField(index=True)
        subject = CharField(max_length=200)
        details = CharField(max_length=1000, default="")
        sent_on = DateField(null=True, index=True)
        sent_how = CharField(max_length=200, default="")
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

    db.create_tables([FunderNotice])
