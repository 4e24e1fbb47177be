"""Handled create requests (app/idempotency.py): a retried submit gets the first answer."""

from peewee import BlobField, CharField, DateTimeField, IntegerField, Model, TextField


def up(migrator, db):
    class HandledRequest(Model):
        key = CharField(max_length=64, primary_key=True)
        status = IntegerField()
        headers = TextField()
        body = BlobField()
        flashes = TextField()
        created_at = DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([HandledRequest])
