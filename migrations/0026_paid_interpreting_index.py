"""An index of the entries with paid interpreting alone, by day: the double-funding check reads
the days that have some in the window it checks, instead of every entry of the history."""

from peewee import SQL


def up(migrator, db):
    migrator.add_index(
        "entry",
        ("day", "mentor_id"),
        where=SQL('"paid_interpreting"'),
        name="entry_paid_interpreting_day",
    ).run()
