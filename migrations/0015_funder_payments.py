"""Payments received from the funder: the day, the sum without VAT, the months paid for."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Contract(Base):
        class Meta:
            table_name = "contract"

    class FunderPayment(Base):
        contract = ForeignKeyField(Contract, on_delete="RESTRICT")
        paid_on = DateField(index=True)
        amount_cents = IntegerField()
        first_month = DateField()
        last_month = DateField()
        note = CharField(max_length=300, default="")
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

    db.create_tables([FunderPayment])
