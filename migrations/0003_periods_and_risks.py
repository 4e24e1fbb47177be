"""The contract and its reporting periods; the risk register (types seeded)."""

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

#: the six risk types of the contract's risk table, in its order
SEED_RISK_TYPES = [
    ("Vadība", "Management"),
    ("Personāls", "Staff"),
    ("Finanses", "Finances"),
    ("Īstenošana", "Implementation"),
    ("Juridiskie riski", "Legal"),
    ("Mediji un sabiedrības attieksme", "Media and public attitude"),
]


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Contract(Base):
        number = CharField(max_length=64, unique=True)
        funder = CharField(max_length=200)
        starts_on = DateField()
        ends_on = DateField()
        amount_cents = IntegerField(default=0)
        created_at = DateTimeField()

    class Period(Base):
        contract = ForeignKeyField(Contract, on_delete="RESTRICT")
        kind = CharField(max_length=16)
        starts_on = DateField()
        ends_on = DateField()
        reported_on = DateField(null=True)
        reported_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

        class Meta:
            indexes = ((("contract", "kind", "starts_on"), True),)

    class RiskType(Base):
        name_lv = CharField(max_length=120)
        name_en = CharField(max_length=120)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)

    class Risk(Base):
        type = ForeignKeyField(RiskType, on_delete="RESTRICT")
        title = CharField(max_length=200)
        description = TextField(default="")
        owner = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        status = CharField(max_length=16, default="active", index=True)
        closed_reason = TextField(default="")
        closed_on = DateField(null=True)
        contract_priority = CharField(max_length=16, default="medium")
        likelihood = IntegerField(default=3)
        impact = IntegerField(default=3)
        added_on = DateField()
        last_reviewed_on = DateField(null=True)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()

    class Measure(Base):
        risk = ForeignKeyField(Risk, on_delete="RESTRICT")
        position = IntegerField()
        text = TextField()
        owner = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        status = CharField(max_length=16, default="planned")

    class Assessment(Base):
        risk = ForeignKeyField(Risk, on_delete="RESTRICT")
        period = ForeignKeyField(Period, on_delete="RESTRICT")
        text = TextField()
        likelihood = IntegerField()
        impact = IntegerField()
        author = ForeignKeyField(User, on_delete="RESTRICT")
        written_on = DateField()
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            indexes = ((("risk", "period"), True),)

    class RiskComment(Base):
        risk = ForeignKeyField(Risk, on_delete="RESTRICT")
        author = ForeignKeyField(User, on_delete="RESTRICT")
        at = DateTimeField()
        text = TextField()

    db.create_tables([Contract, Period, RiskType, Risk, Measure, Assessment, RiskComment])
    RiskType.insert_many(
        [
            {"name_lv": lv, "name_en": en, "sort_order": order}
            for order, (lv, en) in enumerate(SEED_RISK_TYPES, start=1)
        ]
    ).execute()
