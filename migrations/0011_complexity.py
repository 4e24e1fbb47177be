"""Case complexity: the criteria of each level (a few to start from, which the lead edits), the
monthly ratings of case files, and the months agreed with the funder with their history."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

#: (level, Latvian, English), in the order offered
CRITERIA = [
    ("z", "Nav būtisku sociālo problēmu", "No significant social problems"),
    (
        "z",
        "Pietiek ar informatīvu vai monitorējošu atbalstu",
        "Informative or monitoring support is enough",
    ),
    ("z", "Klients patstāvīgi kārto savas lietas", "The client handles their own affairs"),
    ("v", "Sociālās problēmas bez augstiem riskiem", "Social problems without high risks"),
    ("v", "Vajadzīga vidēji intensīva intervence", "Moderately intensive intervention is needed"),
    (
        "v",
        "Vajadzīgs atbalsts mājokļa, darba vai izglītības jautājumos",
        "Support is needed with housing, work or education",
    ),
    ("a", "Nopietnas sociālās problēmas", "Serious social problems"),
    ("a", "Vajadzīga intensīva, regulāra intervence", "Intensive, regular intervention is needed"),
    (
        "a",
        "Augsti riski veselībai, drošībai vai bērnu labklājībai",
        "High risks to health, safety or children's welfare",
    ),
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
        class Meta:
            table_name = "case_file"

    class ComplexityCriterion(Base):
        name_lv = CharField(max_length=120)
        name_en = CharField(max_length=120)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        level = CharField(max_length=1, index=True)

    class ComplexityRating(Base):
        case = ForeignKeyField(CaseFile, on_delete="RESTRICT")
        month = DateField(index=True)
        level = CharField(max_length=1)
        note = CharField(max_length=300, default="")
        rated_by = ForeignKeyField(User, on_delete="RESTRICT")
        rated_at = DateTimeField()

        class Meta:
            indexes = ((("case", "month"), True),)

    class ComplexityMonth(Base):
        month = DateField(unique=True)
        agreed_on = DateField(null=True)
        agreed_how = CharField(max_length=200, default="")
        agreed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

    class ComplexityMonthEvent(Base):
        month = ForeignKeyField(ComplexityMonth, on_delete="RESTRICT")
        kind = CharField(max_length=8)
        text = CharField(max_length=300)
        actor = ForeignKeyField(User, on_delete="RESTRICT")
        at = DateTimeField()

    db.create_tables([ComplexityCriterion, ComplexityRating, ComplexityMonth, ComplexityMonthEvent])
    for order, (level, name_lv, name_en) in enumerate(CRITERIA, start=1):
        ComplexityCriterion.create(level=level, name_lv=name_lv, name_en=name_en, sort_order=order)
