"""PostgreSQL catches up with SQLite; nothing changes on SQLite.

- Meetings search: the index SQLite keeps in FTS5 (0005), as a table with a tsvector under a
  text-search configuration that drops diacritics (unaccent), so "arkartas" finds "ārkārtas"
  and the other way round, as on SQLite.
- The audit trail's append-only trigger (0001) raises an integrity violation, as SQLite's
  RAISE(ABORT) does, so the app sees the same IntegrityError on both engines.
"""

from peewee import SqliteDatabase


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only' "
        "USING ERRCODE = 'restrict_violation'; END $$"
    )
    # unaccent is a trusted extension: the database's owner may create it.
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    db.execute_sql("CREATE TEXT SEARCH CONFIGURATION mentoru_search (COPY = simple)")
    db.execute_sql(
        "ALTER TEXT SEARCH CONFIGURATION mentoru_search "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
    )
    db.execute_sql(
        "CREATE TABLE meeting_search ("
        "meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE, "
        "source TEXT NOT NULL, body TEXT NOT NULL, "
        "document TSVECTOR GENERATED ALWAYS AS (to_tsvector('mentoru_search', body)) STORED)"
    )
    db.execute_sql("CREATE INDEX meeting_search_document ON meeting_search USING GIN (document)")
    db.execute_sql("CREATE INDEX meeting_search_meeting ON meeting_search (meeting_id)")
    # Meetings written before this migration: the rows app/meetings/search.py writes for them.
    db.execute_sql(
        "INSERT INTO meeting_search (meeting_id, source, body) "
        "SELECT id, 'agenda', agenda FROM meeting WHERE btrim(agenda, E' \\t\\r\\n') <> '' "
        "UNION ALL SELECT id, 'minutes', minutes FROM meeting "
        "WHERE btrim(minutes, E' \\t\\r\\n') <> '' "
        "UNION ALL SELECT meeting_id, 'decisions', string_agg(text, E'\\n' ORDER BY position, id) "
        "FROM decision GROUP BY meeting_id "
        "HAVING btrim(string_agg(text, ''), E' \\t\\r\\n') <> '' "
        "UNION ALL SELECT f.meeting_id, 'file:' || u.id, u.text "
        "FROM meeting_file AS f JOIN upload AS u ON u.id = f.upload_id "
        "WHERE NOT f.superseded AND btrim(u.text, E' \\t\\r\\n') <> ''"
    )
