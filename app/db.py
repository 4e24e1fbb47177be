"""The database proxy, the base model, per-request connections, write transactions, and the
causes of a failed write in words."""

import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from flask import Flask, request
from peewee import (
    AutoField,
    DatabaseProxy,
    Model,
    OperationalError,
    PeeweeException,
    SqliteDatabase,
    fn,
)
from playhouse import db_url
from playhouse.pool import MaxConnectionsExceeded, PooledDatabase

log = logging.getLogger(__name__)

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # Few writes, each one a person's work: a commit must survive a power cut.
    "synchronous": "full",
}


class Trouble(StrEnum):
    """Why the database did not do what was asked, in the words of the log and /health."""

    UNREACHABLE = "unreachable"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    DISK_FULL = "disk full"


#: SQLite's primary result codes (the low byte of an extended one) that name a cause
SQLITE_TROUBLES = {
    sqlite3.SQLITE_FULL: Trouble.DISK_FULL,
    sqlite3.SQLITE_READONLY: Trouble.READ_ONLY,
    sqlite3.SQLITE_BUSY: Trouble.LOCKED,
    sqlite3.SQLITE_LOCKED: Trouble.LOCKED,
    sqlite3.SQLITE_CANTOPEN: Trouble.UNREACHABLE,
}
#: PostgreSQL's SQLSTATE codes that name a cause
POSTGRES_TROUBLES = {
    "53100": Trouble.DISK_FULL,  # disk_full
    "25006": Trouble.READ_ONLY,  # read_only_sql_transaction
    "55P03": Trouble.LOCKED,  # lock_not_available: lock_timeout ran out
    "40P01": Trouble.LOCKED,  # deadlock_detected
    "53300": Trouble.UNREACHABLE,  # too_many_connections
    "57P01": Trouble.UNREACHABLE,  # admin_shutdown
    "57P02": Trouble.UNREACHABLE,  # crash_shutdown
    "57P03": Trouble.UNREACHABLE,  # cannot_connect_now
}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def utcnow() -> datetime:
    """The current instant as a naive UTC datetime, the form every instant is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


class SqliteConnection(sqlite3.Connection):
    """Opens a database in a read-only folder for reading, where SQLite would refuse it.

    To read a WAL database SQLite creates its -shm file beside it, and in a folder where it
    cannot, it refuses every query (SQLITE_READONLY_DIRECTORY), the login page's too. With no
    -shm there and no write-ahead log waiting to be checkpointed, the file holds the whole
    database and nothing can change it without a writable folder: opened immutable, it is read
    as it is and every write is refused as read-only."""

    def __init__(self, database, *args, **kwargs):
        if _readable_only_as_immutable(Path(database)):
            database = f"{Path(database).resolve().as_uri()}?immutable=1"
            kwargs["uri"] = True
        super().__init__(database, *args, **kwargs)


def _sidecars(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside a WAL database."""
    return path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")


def _readable_only_as_immutable(path: Path) -> bool:
    if not path.is_file() or os.access(path.parent, os.W_OK):
        return False
    wal, shm = _sidecars(path)
    return not shm.exists() and (not wal.exists() or wal.stat().st_size == 0)


def connect_url(url: str):
    """A peewee database for a DATABASE_URL, with our pragmas on SQLite."""
    options = {}
    if url.startswith("sqlite"):
        options = {
            "pragmas": SQLITE_PRAGMAS,
            "check_same_thread": False,
            "factory": SqliteConnection,
        }
    if "+pool" in url:
        options.update(max_connections=32, stale_timeout=300)
    return db_url.connect(url, **options)


def init_db(app: Flask) -> None:
    """Bind the proxy from DATABASE_URL; connections open per request, never at import."""
    if db.obj is not None:
        # Another app in this process before (tests, the CLI): its connections are closed now,
        # not left to the garbage collector.
        db.obj.close_all() if isinstance(db.obj, PooledDatabase) else db.obj.close()
    db.initialize(connect_url(app.config["DATABASE_URL"]))
    app.add_template_global(read_only, "database_read_only")

    @app.before_request
    def _open_connection():
        if not getattr(app.view_functions.get(request.endpoint), "connects_on_demand", False):
            db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close_connection(_exc):
        if not db.is_closed():
            db.close()


def connects_on_demand(view: Callable) -> Callable:
    """Mark a view whose request opens no connection in advance: it connects when it queries,
    so it can answer for itself when connecting fails (the health check)."""
    view.connects_on_demand = True
    return view


def is_sqlite() -> bool:
    return isinstance(db.obj, SqliteDatabase)


def sqlite_file() -> Path | None:
    """The SQLite database's file, if the database is one."""
    if not is_sqlite() or db.obj.database in ("", ":memory:"):
        return None
    return Path(db.obj.database)


def read_only() -> bool:
    """SQLite cannot save to its file just now: the file, or the folder where its -wal and
    -shm must be created, is not writable for this process. (On PostgreSQL a read-only
    server shows itself when a write is refused.)"""
    path = sqlite_file()
    if path is None or not path.exists():
        return False
    if not os.access(path, os.W_OK):
        return True
    if os.access(path.parent, os.W_OK):
        return False
    return not all(os.access(side, os.W_OK) for side in _sidecars(path))


def free_mb(folder: Path) -> int:
    """Free space, in whole megabytes, on the disk that holds `folder` (one not made yet would
    be on its nearest existing parent's)."""
    folder = Path(folder).resolve()
    while not folder.exists():
        folder = folder.parent
    return shutil.disk_usage(folder).free // 2**20


def trouble_of(error: BaseException) -> Trouble | None:
    """The cause of a database error, or None when it names none the operator can act on (a
    bug, say): from SQLite's result code or PostgreSQL's SQLSTATE, whichever error carries it
    (peewee keeps the driver's error as the first argument of its own)."""
    if isinstance(error, MaxConnectionsExceeded):
        return Trouble.UNREACHABLE
    for candidate in (error, *error.args, error.__context__):
        code = getattr(candidate, "sqlite_errorcode", None)
        if code is not None:
            return SQLITE_TROUBLES.get(code & 0xFF)
        if hasattr(candidate, "sqlstate") or hasattr(candidate, "pgcode"):
            state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
            if state is None:  # the server never answered, or a client-side mistake
                return Trouble.UNREACHABLE if isinstance(error, OperationalError) else None
            return POSTGRES_TROUBLES.get(state)
    return None


def describe_failure(error: BaseException) -> str:
    """The cause in words, with the free space when the disk is full ("disk full (12 MB free
    in /srv/data)"); the error itself when it names no cause."""
    trouble = trouble_of(error)
    if trouble is None:
        return str(error)
    path = sqlite_file()
    if trouble is Trouble.DISK_FULL and path is not None:
        return f"{trouble} ({free_mb(path.parent)} MB free in {path.parent})"
    return str(trouble)


def write_tx() -> AbstractContextManager:
    """A write transaction, or a savepoint inside one; on SQLite it takes the write lock at
    BEGIN so busy_timeout applies (a deferred transaction that upgrades to a write gets
    "database is locked" without waiting). A write that fails raises its own error, its cause
    logged in words."""
    return _WriteTransaction()


class _WriteTransaction:
    """peewee's atomic(), except for one thing: after a full disk or an I/O error SQLite rolls
    the transaction back itself, and a second rollback would fail with "cannot rollback - no
    transaction is active", an error that replaces the one saying what happened."""

    def __enter__(self) -> None:
        self.outermost = not db.in_transaction()
        if not self.outermost:
            self.scope = db.savepoint()
        elif is_sqlite():
            self.scope = db.transaction(lock_type="IMMEDIATE")
        else:
            self.scope = db.transaction()
        try:
            self.scope.__enter__()  # BEGIN, onto peewee's stack of transactions; or SAVEPOINT
        except PeeweeException as error:
            self._log(error)
            raise

    def __exit__(self, _type, error, _traceback) -> None:
        if self.outermost:
            db.pop_transaction()
        if error is None:
            try:
                self.scope.commit(begin=False)
            except PeeweeException as failed_commit:
                self._abandon(failed_commit)
                raise
        else:
            self._abandon(error)

    def _abandon(self, error: BaseException) -> None:
        if not is_sqlite() or db.connection().in_transaction:
            self.scope.rollback(begin=False)
        if isinstance(error, PeeweeException):
            self._log(error)

    def _log(self, error: PeeweeException) -> None:
        if self.outermost and trouble_of(error) is not None:
            log.error("database write failed: %s: %s", describe_failure(error), error)


def probe_write(write: Callable[[], object], timeout_ms: int) -> None:
    """Run `write` in a transaction that is always rolled back, waiting at most `timeout_ms`
    for the write lock: proof that the database takes a write, with nothing kept. Raises the
    database's error when it does not."""
    sqlite = is_sqlite()
    db.connect(reuse_if_open=True)
    if sqlite:
        usual_wait = db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        db.execute_sql(f"PRAGMA busy_timeout = {int(timeout_ms)}")
    try:
        if sqlite:
            db.begin(lock_type="IMMEDIATE")  # takes the write lock and opens the file to write
        else:
            db.begin()
            db.execute_sql("SELECT set_config('lock_timeout', %s, true)", (f"{timeout_ms}ms",))
        try:
            write()
        finally:
            if not sqlite or db.connection().in_transaction:
                db.rollback()
    finally:
        if sqlite:
            db.execute_sql(f"PRAGMA busy_timeout = {usual_wait}")


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
