"""Indexes that let the checks over every mentor's days read the window they check instead of
every entry of the history: entries by day, and the entries with paid interpreting alone by
day (the double-funding check starts from those days, one entry in a hundred)."""

from peewee import SQL


def up(migrator, db):
    migrator.add_index("entry", ("day",), name="entry_day").run()
    migrator.add_index(
        "entry",
        ("day", "mentor_id"),
        where=SQL('"paid_interpreting"'),
        name="entry_paid_interpreting_day",
    ).run()
