"""Supervision and training log: kinds (seeded, Latvian and English), sessions, participants
with attendance marks, attachments, and per-user calendar-feed secrets."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

KINDS = [
    ("Grupas supervīzija", "Group supervision", "supervision", False),
    ("Individuālā supervīzija", "Individual supervision", "supervision", True),
    ("Kvalifikācijas celšanas apmācība", "Qualification training", "training", False),
    ("Seminārs vai konference", "Seminar or conference", "training", False),
    ("Darba grupa", "Working group", "training", False),
    ("Pieredzes apmaiņa", "Experience exchange", "training", False),
]


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

    class TrainingKind(Base):
        name_lv = CharField(max_length=120)
        name_en = CharField(max_length=120)
        counts_as = CharField(max_length=16)
        individual = BooleanField(default=False)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)

    class TrainingSession(Base):
        kind = ForeignKeyField(TrainingKind, on_delete="RESTRICT")
        topic = CharField(max_length=300)
        day = DateField(index=True)
        end_day = DateField(null=True)
        start_minute = IntegerField()
        end_minute = IntegerField()
        minutes = IntegerField()
        minutes_overridden = BooleanField(default=False)
        facilitator = CharField(max_length=200, default="")
        format = CharField(max_length=16, default="in_person")
        platform = CharField(max_length=120, default="")
        place = CharField(max_length=200, default="")
        audience = CharField(max_length=16, default="all_staff")
        objectives = TextField(default="")
        results = TextField(default="")
        follow_up = TextField(default="")
        cancelled = BooleanField(default=False)
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()
        updated_at = DateTimeField()

    class Participant(Base):
        session = ForeignKeyField(TrainingSession, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="RESTRICT")
        attended_minutes = IntegerField(null=True)
        marked_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        marked_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("session", "user"), True),)

    class SessionFile(Base):
        session = ForeignKeyField(TrainingSession, on_delete="RESTRICT")
        upload = ForeignKeyField(Upload, on_delete="RESTRICT")
        role = CharField(max_length=16, default="material")
        added_at = DateTimeField()

    class CalendarFeed(Base):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        token_hash = CharField(max_length=64, unique=True)
        created_at = DateTimeField()

    db.create_tables([TrainingKind, TrainingSession, Participant, SessionFile, CalendarFeed])
    TrainingKind.insert_many(
        [
            {
                "name_lv": lv,
                "name_en": en,
                "counts_as": counts_as,
                "individual": individual,
                "sort_order": position,
            }
            for position, (lv, en, counts_as, individual) in enumerate(KINDS)
        ]
    ).execute()
