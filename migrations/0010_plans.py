"""Socio-economic inclusion plans: a plan per case file with the members it was drawn up with,
goals, tasks and reviews."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    Model,
    SmallIntegerField,
)


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

    class Membership(Base):
        class Meta:
            table_name = "membership"

    class Plan(Base):
        case = ForeignKeyField(CaseFile, unique=True, on_delete="RESTRICT")
        drawn_up_on = DateField(index=True)
        taken_over = BooleanField(default=False)
        needs = CharField(max_length=2000, default="")
        specialists = CharField(max_length=500, default="")
        outcome = CharField(max_length=16, null=True)
        outcome_reason = CharField(max_length=16, null=True)
        outcome_note = CharField(max_length=300, default="")
        closed_on = DateField(null=True, index=True)

    class PlanMember(Base):
        plan = ForeignKeyField(Plan, on_delete="RESTRICT")
        membership = ForeignKeyField(Membership, on_delete="RESTRICT")

        class Meta:
            indexes = ((("plan", "membership"), True),)

    class PlanGoal(Base):
        plan = ForeignKeyField(Plan, on_delete="RESTRICT")
        text = CharField(max_length=300)
        sort_order = SmallIntegerField(default=0)

    class PlanTask(Base):
        goal = ForeignKeyField(PlanGoal, on_delete="RESTRICT")
        text = CharField(max_length=300)
        owner_kind = CharField(max_length=16)
        institution = CharField(max_length=120, default="")
        due_on = DateField(index=True)
        status = CharField(max_length=8, default="open")
        done_on = DateField(null=True)

    class PlanReview(Base):
        plan = ForeignKeyField(Plan, on_delete="RESTRICT")
        day = DateField(index=True)
        changes = CharField(max_length=1000)
        by = ForeignKeyField(User, on_delete="RESTRICT")

    db.create_tables([Plan, PlanMember, PlanGoal, PlanTask, PlanReview])
