"""Stored files (the upload service shared by minutes and training material)."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Upload(Base):
        original_name = CharField(max_length=255)
        stored_name = CharField(max_length=64, unique=True)
        kind = CharField(max_length=8)
        size = IntegerField()
        sha256 = CharField(max_length=64, index=True)
        text = TextField(default="")
        uploaded_by = ForeignKeyField(User, on_delete="RESTRICT")
        uploaded_at = DateTimeField()
        replaces = ForeignKeyField("self", null=True, on_delete="RESTRICT")

    db.create_tables([Upload])
