"""Case files, activity types (seeded), weeks, entries, month locks, notices; users' e-mail
and start date."""

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

#: (Latvian, English) activity types from the service's own reports, in the lead's order
SEED_ACTIVITIES = [
    ("Psihoemocionālais atbalsts, krīzes pārvarēšana", "Psycho-emotional support, crisis support"),
    (
        "Informēšana par tiesībām, pienākumiem un pakalpojumiem",
        "Informing about rights, duties and services",
    ),
    (
        "Pavadīšana uz iestādēm (PMLP, banka, sociālais dienests, bāriņtiesa, tiesa)",
        "Accompanying to institutions (migration office, bank, social service, courts)",
    ),
    ("Pavadīšana pie ārsta vai uz slimnīcu", "Accompanying to a doctor or hospital"),
    ("Palīdzība ar dokumentiem un iesniegumiem", "Help with documents, forms and appeals"),
    ("Palīdzība mājokļa meklēšanā un pārcelšanās", "Help finding housing and moving"),
    (
        "Pamatvajadzību nodrošināšana (apģērbs, sadzīves priekšmeti, pārtika)",
        "Basic needs (clothing, household items, food)",
    ),
    (
        "Sadzīves prasmes un klienta interešu pārstāvība",
        "Daily-life skills and representing the client's interests",
    ),
    (
        "Atbalsts skolā (mājasdarbi, saziņa ar skolotājiem, e-klase)",
        "School support (homework, teachers, e-klase)",
    ),
    ("Integrācijas un kultūras pasākumi", "Integration and cultural events"),
    ("Latviešu valodas atbalsts", "Latvian-language support"),
]


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class CaseFile(Base):
        code = CharField(max_length=16, unique=True)
        kind = CharField(max_length=16, default="individual")
        people = IntegerField(default=1)
        social_worker = ForeignKeyField(User, on_delete="RESTRICT")
        mentor = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        opened_on = DateField()
        closed_on = DateField(null=True, index=True)

    class ActivityType(Base):
        name_lv = CharField(max_length=120)
        name_en = CharField(max_length=120)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)

    class Week(Base):
        mentor = ForeignKeyField(User, on_delete="RESTRICT")
        week_start = DateField(index=True)
        status = CharField(max_length=16, default="draft", index=True)
        submitted_at = DateTimeField(null=True, index=True)
        conflict_justification = TextField(null=True)

        class Meta:
            indexes = ((("mentor", "week_start"), True),)

    class WeekEvent(Base):
        week = ForeignKeyField(Week, on_delete="RESTRICT")
        at = DateTimeField()
        actor = ForeignKeyField(User, on_delete="RESTRICT")
        action = CharField(max_length=16)
        comment = TextField(default="")

    class Entry(Base):
        week = ForeignKeyField(Week, on_delete="RESTRICT")
        mentor = ForeignKeyField(User, on_delete="RESTRICT")
        day = DateField()
        start_minute = IntegerField()
        end_minute = IntegerField()
        activity = ForeignKeyField(ActivityType, on_delete="RESTRICT")
        place = CharField(max_length=16)
        note = TextField(default="")
        paid_interpreting = BooleanField(default=False)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            indexes = ((("mentor", "day"), False),)

    class EntryCase(Base):
        entry = ForeignKeyField(Entry, on_delete="CASCADE")
        case_file = ForeignKeyField(CaseFile, on_delete="RESTRICT")
        covering = BooleanField(default=False)

        class Meta:
            indexes = ((("entry", "case_file"), True),)

    class MonthLock(Base):
        month = DateField(unique=True)
        locked = BooleanField(default=True)
        locked_at = DateTimeField()
        locked_by = ForeignKeyField(User, on_delete="RESTRICT")
        unlocked_at = DateTimeField(null=True)
        unlocked_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        unlock_reason = TextField(default="")

    class Notice(Base):
        user = ForeignKeyField(User, on_delete="RESTRICT")
        week_start = DateField(null=True)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        read_at = DateTimeField(null=True)

    migrator.add_column("user", "email", CharField(max_length=254, default="")).run()
    migrator.add_column("user", "start_date", DateField(null=True)).run()
    db.create_tables([CaseFile, ActivityType, Week, WeekEvent, Entry, EntryCase, MonthLock, Notice])
    ActivityType.insert_many(
        [
            {"name_lv": lv, "name_en": en, "sort_order": order}
            for order, (lv, en) in enumerate(SEED_ACTIVITIES, start=1)
        ]
    ).execute()
