"""The audit log's details of an event that is no change of fields: the route refused, the file
downloaded with its days and number of records, the archive restored. Older events have none.

Nullable on purpose: a column with a default would be filled by an UPDATE, which the log's
append-only triggers refuse (and SQLite would rebuild the table without them)."""

from peewee import TextField


def up(migrator, db):
    migrator.add_column("audit_event", "detail", TextField(null=True)).run()
