"""A database that fails its writes for a cause, made so by the engine itself, and a visitor
reading English; shared by the tests of health, of write_tx and of the error answers, and the
browser test of a failed save."""

import sqlite3

import pytest

from app.core.models import Setting
from app.db import Trouble, db, is_sqlite, write_tx

#: what a write in these tests touches, locked on PostgreSQL (SQLite locks the whole file)
LOCKED_TABLES = "setting, entry, audit_event"
#: a value no page of a full database can take: it needs hundreds more
LARGE = "x" * 1_000_000


def other_connection():
    """A second connection to the app's database, as another process would hold."""
    if is_sqlite():
        return sqlite3.connect(db.obj.database, isolation_level=None)
    import psycopg

    return psycopg.connect(dbname=db.obj.database, autocommit=True, **db.obj.connect_params)


def set_for_new_connections(setting: str, value) -> None:
    """A setting every connection opened from now on has: a pragma on SQLite, a database
    default on PostgreSQL. The pool's idle connections are closed so none escapes it."""
    db.close_all()
    if is_sqlite():
        db.pragma(setting, value, permanent=True)
    else:
        db.execute_sql(f'ALTER DATABASE "{db.obj.database}" SET {setting} = {value}')
    db.close_all()


def make_writes_fail(trouble: Trouble):
    """From now on the app's writes fail for `trouble`: read-only (SQLite's query_only,
    PostgreSQL's default_transaction_read_only), locked (another connection holds the write
    lock, returned to be closed; the app waits 200 ms for it), disk full (SQLite's
    max_page_count at the pages in use: a write that needs one more page fails)."""
    if trouble is Trouble.READ_ONLY:
        set_for_new_connections(
            "query_only" if is_sqlite() else "default_transaction_read_only", "on"
        )
    elif trouble is Trouble.LOCKED:
        set_for_new_connections("busy_timeout" if is_sqlite() else "lock_timeout", 200)
        other = other_connection()
        if is_sqlite():
            other.execute("BEGIN IMMEDIATE")
        else:
            other.execute("BEGIN")
            other.execute(f"LOCK TABLE {LOCKED_TABLES} IN EXCLUSIVE MODE")
        return other
    elif trouble is Trouble.DISK_FULL:
        if not is_sqlite():
            pytest.skip("a full disk is simulated on SQLite only (max_page_count)")
        db.close_all()
        db.pragma("max_page_count", db.pragma("page_count"), permanent=True)
    else:
        raise ValueError(trouble)
    return None


def write_too_much(*_args, **_kwargs):
    """A service's write that a full database cannot take (with make_writes_fail(DISK_FULL))."""
    with write_tx():
        Setting.create(key="filler", value=LARGE)


def english_visitor(app):
    """A visitor who chose English on the login page, so assertions read the English words."""
    client = app.test_client()
    client.get("/login")
    client.post("/language", data={"language": "en", "next": "/login"})
    return client
