"""Why a month was locked while weeks, conflicts or minutes of it were still open."""

from peewee import TextField


def up(migrator, db):
    migrator.add_column("month_lock", "lock_reason", TextField(default="")).run()
