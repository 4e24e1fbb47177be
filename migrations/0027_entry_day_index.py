"""Every entry newest first (the list of all entries) read from an index, so its first pages
cost the same in year five as in year one."""


def up(migrator, db):
    db.execute_sql("CREATE INDEX IF NOT EXISTS entry_day_start_minute ON entry (day, start_minute)")
