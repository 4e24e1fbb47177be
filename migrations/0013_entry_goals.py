"""A timesheet entry's case file may name the goal of its inclusion plan that the work served."""

from peewee import ForeignKeyField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class PlanGoal(Base):
        class Meta:
            table_name = "plan_goal"

    # the index comes with the column, as the model's foreign key has one
    goal = ForeignKeyField(PlanGoal, null=True, field=PlanGoal.id, on_delete="RESTRICT")
    migrator.add_column("entry_case", "goal_id", goal).run()
