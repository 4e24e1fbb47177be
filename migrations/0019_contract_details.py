"""What the interim report's section I says of the contract: the day it was signed, its subject,
the project that funds it, the service's purpose and the provider's contact person."""

from peewee import DateField, TextField


def up(migrator, db):
    for name, column in (
        ("signed_on", DateField(null=True)),
        ("subject", TextField(default="")),
        ("project", TextField(default="")),
        ("purpose", TextField(default="")),
        ("contact", TextField(default="")),
    ):
        migrator.add_column("contract", name, column).run()
