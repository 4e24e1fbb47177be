"""Clients: the members of case files (pseudonymous: gender, year of birth, country, arrival),
their legal timelines and residence, and case closings with a reason. Each existing case file
gets as many members as its head count, with every detail unknown (the case page asks for
them); each closed one a closing without a reason."""

from peewee import CharField, DateField, ForeignKeyField, IntegerField, Model, SmallIntegerField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class CaseFile(Base):
        people = IntegerField()
        opened_on = DateField()
        closed_on = DateField(null=True)

        class Meta:
            table_name = "case_file"

    class Client(Base):
        gender = CharField(max_length=8, null=True)
        birth_year = SmallIntegerField(null=True)
        country = CharField(max_length=2, null=True)
        arrival_route = CharField(max_length=16, null=True)
        arrived_on = DateField(null=True)
        school_grade = SmallIntegerField(null=True)

    class Membership(Base):
        client = ForeignKeyField(Client, on_delete="RESTRICT")
        case = ForeignKeyField(CaseFile, on_delete="RESTRICT")
        number = SmallIntegerField()
        joined_on = DateField(index=True)
        left_on = DateField(null=True, index=True)

        class Meta:
            indexes = ((("case", "number"), True),)

    class LegalEvent(Base):
        client = ForeignKeyField(Client, on_delete="RESTRICT")
        stage = CharField(max_length=24)
        day = DateField()

        class Meta:
            indexes = ((("client", "day"), False),)

    class Residence(Base):
        client = ForeignKeyField(Client, on_delete="RESTRICT")
        place = CharField(max_length=16)
        municipality = CharField(max_length=60, default="")
        since = DateField()

        class Meta:
            indexes = ((("client", "since"), False),)

    class CaseClosure(Base):
        case = ForeignKeyField(CaseFile, on_delete="RESTRICT")
        closed_on = DateField(index=True)
        reason = CharField(max_length=24, null=True)
        municipality_told_on = DateField(null=True)
        reopened_on = DateField(null=True)

    db.create_tables([Client, Membership, LegalEvent, Residence, CaseClosure])
    cases = CaseFile.select(CaseFile.id, CaseFile.people, CaseFile.opened_on, CaseFile.closed_on)
    for case_id, people, opened_on, closed_on in cases.tuples():
        for number in range(1, max(people, 1) + 1):
            client = Client.create()
            Membership.create(client=client, case=case_id, number=number, joined_on=opened_on)
        if closed_on is not None:
            CaseClosure.create(case=case_id, closed_on=closed_on)
