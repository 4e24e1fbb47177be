"""The closing evaluation of case files: the methodology's criteria (a few to start from, which
the lead edits), one evaluation per closing of a case file and its grade per criterion."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

#: (Latvian, English), in the order offered
CRITERIA = [
    ("Latviešu valodas prasmes", "Latvian language skills"),
    ("Mājoklis", "Housing"),
    ("Nodarbinātība vai izglītība", "Employment or education"),
    (
        "Valsts un pašvaldību pakalpojumu pieejamība un izmantošana",
        "Knowing and using public and municipal services",
    ),
    ("Sociālie kontakti Latvijā", "Social network in Latvia"),
    ("Patstāvība savu lietu kārtošanā", "Independence in handling own affairs"),
]


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class CaseClosure(Base):
        class Meta:
            table_name = "case_closure"

    class EvaluationCriterion(Base):
        name_lv = CharField(max_length=120)
        name_en = CharField(max_length=120)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)

    class CaseEvaluation(Base):
        closure = ForeignKeyField(CaseClosure, unique=True, on_delete="RESTRICT")
        evaluated_on = DateField()
        evaluated_by = ForeignKeyField(User, on_delete="RESTRICT")
        summary = CharField(max_length=2000, default="")
        created_at = DateTimeField()
        updated_at = DateTimeField()

    class EvaluationScore(Base):
        evaluation = ForeignKeyField(CaseEvaluation, on_delete="RESTRICT")
        criterion = ForeignKeyField(EvaluationCriterion, on_delete="RESTRICT")
        grade = IntegerField()
        comment = CharField(max_length=500, default="")

        class Meta:
            indexes = ((("evaluation", "criterion"), True),)

    db.create_tables([EvaluationCriterion, CaseEvaluation, EvaluationScore])
    for order, (name_lv, name_en) in enumerate(CRITERIA, start=1):
        EvaluationCriterion.create(name_lv=name_lv, name_en=name_en, sort_order=order)
