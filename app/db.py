"""The database proxy, the base model, per-request connections and write transactions."""

from contextlib import AbstractContextManager
from datetime import UTC, datetime

from flask import Flask
from peewee import AutoField, DatabaseProxy, Model, SqliteDatabase, fn
from playhouse import db_url

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # Few writes, each one a person's work: a commit must survive a power cut.
    "synchronous": "full",
}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def utcnow() -> datetime:
    """The current instant as a naive UTC datetime, the form every instant is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


def connect_url(url: str):
    """A peewee database for a DATABASE_URL, with our pragmas on SQLite."""
    options = {}
    if url.startswith("sqlite"):
        options = {"pragmas": SQLITE_PRAGMAS, "check_same_thread": False}
    if "+pool" in url:
        options.update(max_connections=32, stale_timeout=300)
    return db_url.connect(url, **options)


def init_db(app: Flask) -> None:
    """Bind the proxy from DATABASE_URL; connections open per request, never at import."""
    db.initialize(connect_url(app.config["DATABASE_URL"]))

    @app.before_request
    def _open_connection():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close_connection(_exc):
        if not db.is_closed():
            db.close()


def is_sqlite() -> bool:
    return isinstance(db.obj, SqliteDatabase)


def write_tx() -> AbstractContextManager:
    """A write transaction; on SQLite it takes the write lock at BEGIN so busy_timeout applies."""
    if is_sqlite():
        return db.atomic(lock_type="IMMEDIATE")
    return db.atomic()


def reset_sequences(models) -> None:
    """On PostgreSQL, move each table's id sequence past its largest id: rows inserted with
    explicit ids (the demo, a copied database) leave the sequence behind, and the next insert
    would collide with them. Nothing to do on SQLite, whose ids follow the largest one."""
    if is_sqlite():
        return
    for model in models:
        primary_key = model._meta.primary_key
        if not isinstance(primary_key, AutoField):
            continue
        largest = model.select(fn.MAX(primary_key)).scalar() or 0
        db.execute_sql(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)",
            (f'"{model._meta.table_name}"', primary_key.column_name, largest + 1),
        )
