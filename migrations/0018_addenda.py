"""Extraordinary-situation addenda to the monthly reports, and each month's measures."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Addendum(Base):
        title = CharField(max_length=120)
        first_month = DateField()
        last_month = DateField()
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

    class AddendumMonth(Base):
        addendum = ForeignKeyField(Addendum, on_delete="RESTRICT")
        month = DateField()
        measures = TextField(default="")
        written_by = ForeignKeyField(User, on_delete="RESTRICT")
        updated_at = DateTimeField()

        class Meta:
            indexes = ((("addendum", "month"), True),)

    db.create_tables([Addendum, AddendumMonth])
