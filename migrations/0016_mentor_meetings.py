"""Social worker–mentor meetings: who met whom, on which day, in person or remotely."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class MentorMeeting(Base):
        social_worker = ForeignKeyField(User, on_delete="RESTRICT")
        mentor = ForeignKeyField(User, on_delete="RESTRICT")
        day = DateField(index=True)
        mode = CharField(max_length=16)
        note = CharField(max_length=300, default="")
        created_at = DateTimeField()

    db.create_tables([MentorMeeting])
