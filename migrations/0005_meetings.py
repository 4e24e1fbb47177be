"""Meetings and minutes: series, attendance, files, decisions, action items, weekly-coverage
reasons, months submitted; a full-text index that matches Latvian letters with or without
diacritics (SQLite FTS5, unicode61 remove_diacritics)."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
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

    class Upload(Base):
        class Meta:
            table_name = "upload"

    class MeetingSeries(Base):
        kind = CharField(max_length=16, default="weekly")
        weekday = IntegerField()
        start_minute = IntegerField()
        end_minute = IntegerField()
        format = CharField(max_length=16, default="in_person")
        platform = CharField(max_length=120, default="")
        place = CharField(max_length=200, default="")
        chair = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        standing_agenda = TextField(default="")
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

    class SeriesMember(Base):
        series = ForeignKeyField(MeetingSeries, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="RESTRICT")

        class Meta:
            indexes = ((("series", "user"), True),)

    class Meeting(Base):
        kind = CharField(max_length=16, index=True)
        day = DateField(index=True)
        start_minute = IntegerField()
        end_minute = IntegerField()
        format = CharField(max_length=16, default="in_person")
        platform = CharField(max_length=120, default="")
        place = CharField(max_length=200, default="")
        chair = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        guests = TextField(default="")
        agenda = TextField(default="")
        minutes = TextField(default="")
        status = CharField(max_length=16, default="draft", index=True)
        series = ForeignKeyField(MeetingSeries, null=True, on_delete="RESTRICT")
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()
        updated_at = DateTimeField()

    class Attendance(Base):
        meeting = ForeignKeyField(Meeting, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="RESTRICT")
        attended = BooleanField(null=True)

        class Meta:
            indexes = ((("meeting", "user"), True),)

    class MeetingFile(Base):
        meeting = ForeignKeyField(Meeting, on_delete="RESTRICT")
        upload = ForeignKeyField(Upload, on_delete="RESTRICT")
        superseded = BooleanField(default=False)
        added_at = DateTimeField()

    class MinutesEvent(Base):
        meeting = ForeignKeyField(Meeting, on_delete="RESTRICT")
        action = CharField(max_length=16)
        actor = ForeignKeyField(User, on_delete="RESTRICT")
        at = DateTimeField()
        reason = TextField(default="")
        agenda = TextField(default="")
        minutes = TextField(default="")

    class Decision(Base):
        meeting = ForeignKeyField(Meeting, on_delete="RESTRICT")
        position = IntegerField()
        text = TextField()

    class ActionItem(Base):
        meeting = ForeignKeyField(Meeting, on_delete="RESTRICT")
        decision = ForeignKeyField(Decision, null=True, on_delete="RESTRICT")
        text = TextField()
        owner = ForeignKeyField(User, on_delete="RESTRICT")
        due_on = DateField(null=True)
        status = CharField(max_length=16, default="open", index=True)
        closed_at = DateTimeField(null=True)

    class CoverageReason(Base):
        week_start = DateField(unique=True)
        kind = CharField(max_length=16)
        text = TextField(default="")
        set_by = ForeignKeyField(User, on_delete="RESTRICT")
        set_at = DateTimeField()

    class MonthSubmission(Base):
        month = DateField(unique=True)
        submitted_on = DateField()
        note = TextField(default="")
        submitted_by = ForeignKeyField(User, on_delete="RESTRICT")
        at = DateTimeField()

    db.create_tables(
        [
            MeetingSeries,
            SeriesMember,
            Meeting,
            Attendance,
            MeetingFile,
            MinutesEvent,
            Decision,
            ActionItem,
            CoverageReason,
            MonthSubmission,
        ]
    )
    if isinstance(db, SqliteDatabase):
        db.execute_sql(
            "CREATE VIRTUAL TABLE meeting_search USING fts5("
            "meeting_id UNINDEXED, source UNINDEXED, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
