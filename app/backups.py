"""Backups of a SQLite installation that cannot lose data: make, verify and restore archives.

An archive is `mentoru-YYYYmmdd-HHMMSS.tar.gz` (`.tar.gz.gpg` when encrypted): the database as
SQLite's backup API read it (one consistent file, safe while the app writes), the uploads, and a
`manifest.json` with every member's SHA-256 and size, the row count of every table, the schema
version and the app version. It is written under a `.partial` name and renamed only when whole.

A restore verifies the archive before it touches anything, and runs only while no process
serves the app: each serving process holds a shared lock on DATA_DIR/serving.lock from its first
request on, and a restore takes that lock exclusively for its whole run. Every refusal is a
`Refused` with one line that says what is wrong, and leaves the data folder as it was.
"""

import fcntl
import gzip
import hashlib
import io
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from flask import Flask, current_app, g, make_response
from flask_babel import lazy_gettext as _l
from playhouse.migrations import Migration
from playhouse.pool import PooledDatabase

from app import audit
from app.config import PROJECT_ROOT
from app.db import db, is_sqlite, write_tx
from app.errors import render_error
from app.extensions import login_manager
from app.refusals import refuse

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
#: the table in which playhouse.migrations.Runner records applied migrations (its default)
HISTORY_TABLE = "schema_migration"
#: tables every database of this app has; without them an archive holds someone else's data
OUR_TABLES = (HISTORY_TABLE, "user")
ARCHIVE_NAME = re.compile(r"^mentoru-(\d{8}-\d{6})\.tar\.gz(\.gpg)?$")
PARTIAL = ".partial"
MANIFEST = "manifest.json"
DATABASE_MEMBER = "app.db"
UPLOADS_MEMBER = "uploads"
TOP_FILES = (MANIFEST, DATABASE_MEMBER)
MANIFEST_FORMAT = 1
SQLITE_HEADER = b"SQLite format 3\x00"
SERVING_LOCK = "serving.lock"
#: how long a restore waits for the app to let go of the lock after --stop-with
STOP_WAIT_SECONDS = 30.0
#: a .partial no backup holds locked and untouched this long was left by a backup that died
ABANDONED_PARTIAL_SECONDS = 3600
RESTORING = _l("A restore is in progress; try again in a minute.")


@dataclass
class Checked:
    """A verified archive, unpacked: its manifest, its database file and uploads folder."""

    archive: Path
    manifest: dict
    database: Path
    uploads: Path

    def summary(self) -> str:
        tables = self.manifest["tables"]
        uploads = sum(1 for name in self.manifest["files"] if name != DATABASE_MEMBER)
        return (
            f"{self.archive} is a good backup: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{uploads} files; schema {self.manifest['schema_version']}, "
            f"made {self.manifest['created_at']} by version {self.manifest['app_version']}."
        )


@dataclass
class Restored:
    database: Path
    kept_database: Path | None
    kept_uploads: Path | None


def database_file() -> Path:
    """The live SQLite file; a refusal on any other engine."""
    if not is_sqlite():
        raise refuse("backup and restore handle SQLite only; on PostgreSQL use pg_dump/pg_restore.")
    return Path(db.obj.database)


# --- making an archive ------------------------------------------------------------------------


def create_backup(
    target_dir: Path,
    *,
    keep: int | None = None,
    encrypt_to: str = "",
    gnupg_home: Path | None = None,
) -> Path:
    """Snapshot the database and uploads into a new archive in `target_dir`; its path. With
    `keep`, only the newest `keep` archives stay."""
    source = database_file()
    config = current_app.config
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    final = target_dir / f"mentoru-{stamp}.tar.gz{'.gpg' if encrypt_to else ''}"
    if final.exists():
        raise refuse(f"{final} already exists (two backups in one second?).")
    # Unencrypted copies are made only inside DATA_DIR (its permissions), never in a shared /tmp.
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=config["DATA_DIR"]) as tmp:
        snapshot = Path(tmp) / DATABASE_MEMBER
        _snapshot(source, snapshot)
        tables, applied = _check_database(snapshot, "The current database")
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "app_version": _app_version(),
            "schema_version": applied[-1] if applied else "",
            "tables": tables,
            "files": {},
        }
        uploads = Path(config["UPLOADS_DIR"])
        if encrypt_to:
            plain = Path(tmp) / "archive.tar.gz"
            with open(plain, "wb") as fh:
                _write_archive(fh, snapshot, uploads, manifest)
            with _partial(final) as fh:
                _gpg(
                    ["--trust-model", "always", "--auto-key-locate", "local"]
                    + ["--recipient", encrypt_to, "--output", "-", "--encrypt", str(plain)],
                    gnupg_home,
                    fh,
                    f"Encrypting to {encrypt_to}",
                )
        else:
            with _partial(final) as fh:
                _write_archive(fh, snapshot, uploads, manifest)
    if keep:
        rotate(target_dir, keep)
    return final


def _snapshot(source: Path, snapshot: Path) -> None:
    """One consistent copy, read through the WAL while the app may be writing."""
    if not source.is_file():
        raise refuse(f"There is no database at {source}.")
    try:
        with (
            closing(sqlite3.connect(source, timeout=5)) as live,
            closing(sqlite3.connect(snapshot)) as copy,
        ):
            live.backup(copy)
            # one self-contained file: a restored copy must not expect a -wal beside it
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise refuse(f"The database {source} cannot be read: {error}.") from error


def _write_archive(fh, snapshot: Path, uploads: Path, manifest: dict) -> None:
    """The database, the uploads and, last, the manifest of the bytes just written."""
    with tarfile.open(fileobj=fh, mode="w:gz") as tar:
        _add_file(tar, snapshot, DATABASE_MEMBER, manifest["files"])
        for path in sorted(uploads.rglob("*")) if uploads.is_dir() else []:
            # links are not followed; .part is an upload still being written (no record yet)
            if path.is_symlink() or not path.is_file() or path.suffix == ".part":
                continue
            arcname = f"{UPLOADS_MEMBER}/{path.relative_to(uploads).as_posix()}"
            try:
                _add_file(tar, path, arcname, manifest["files"])
            except FileNotFoundError:
                continue  # removed since it was listed: no record names it any more
        body = json.dumps(manifest, indent=2, sort_keys=True).encode()
        tar.addfile(_member_info(MANIFEST, len(body)), io.BytesIO(body))


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str, files: dict) -> None:
    """One member, hashed from the very bytes that go into the archive."""
    with open(path, "rb") as source:
        info = _member_info(arcname, os.fstat(source.fileno()).st_size)
        reader = _Hashing(source)
        tar.addfile(info, reader)
    files[arcname] = {"sha256": reader.hash.hexdigest(), "size": info.size}


def _member_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(time.time())
    return info


class _Hashing:
    def __init__(self, source):
        self.source, self.hash = source, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.hash.update(data)
        return data


@contextmanager
def _partial(final: Path) -> Iterator:
    """A file written as `final`.partial, locked while written (rotation leaves it alone),
    fsynced and renamed to `final` only when the block ends without an error; else removed."""
    partial = final.with_name(final.name + PARTIAL)
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            if final.exists():
                raise refuse(f"{final} already exists (two backups in one second?).")
            partial.rename(final)
            _fsync_dir(final.parent)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise


def rotate(target_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives, and .partial files abandoned by a backup that
    died (never one a running backup holds); the deleted paths."""
    archives = sorted(
        (path for path in target_dir.iterdir() if ARCHIVE_NAME.match(path.name)),
        key=lambda path: (ARCHIVE_NAME.match(path.name)[1], path.name),
        reverse=True,
    )
    removed = archives[keep:]
    removed += [path for path in target_dir.glob(f"mentoru-*{PARTIAL}") if _abandoned(path)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _abandoned(partial: Path) -> bool:
    try:
        fd = os.open(partial, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        if not _try_lock(fd, fcntl.LOCK_EX):
            return False
        return time.time() - os.fstat(fd).st_mtime > ABANDONED_PARTIAL_SECONDS
    finally:
        os.close(fd)


def _app_version() -> str:
    try:
        return metadata.version("mentoru-intranet")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- verifying --------------------------------------------------------------------------------


def verify_archive(archive: Path, gnupg_home: Path | None = None) -> str:
    """One line on a good archive; a refusal saying what is wrong with any other."""
    with tempfile.TemporaryDirectory(prefix=".verify-", dir=current_app.config["DATA_DIR"]) as tmp:
        return check_archive(archive, Path(tmp), gnupg_home).summary()


def check_archive(archive: Path, staging: Path, gnupg_home: Path | None = None) -> Checked:
    """Unpack `archive` into `staging` and check all of it: readable, a manifest whose hashes
    match every member, nothing unsafe, and a sound database of this app's schema (not newer)
    holding the rows the manifest counted."""
    if not archive.is_file():
        raise refuse(f"No such file: {archive}.")
    if archive.stat().st_size == 0:
        raise refuse(f"{archive} is empty (0 bytes): a backup that did not finish?")
    readable = archive
    if archive.name.endswith(".gpg"):
        readable = staging / "archive.tar.gz"
        with open(readable, "wb") as fh:
            _gpg(
                ["--output", "-", "--decrypt", str(archive)],
                gnupg_home,
                fh,
                f"Decrypting {archive}",
            )
    content = staging / "content"
    manifest = _unpack(archive, readable, content)
    for name, expected in manifest["files"].items():
        path = content / name
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise refuse(f"{archive}: {name} does not match its manifest (changed or damaged).")
    database = content / DATABASE_MEMBER
    if not database.is_file():
        raise refuse(f"{archive} holds no {DATABASE_MEMBER}.")
    tables, applied = _check_database(database, f"The database in {archive}")
    unknown = [name for name in applied if name not in _known_migrations()]
    if unknown:
        raise refuse(
            f"{archive} was made by newer code (its schema has {unknown[0]}, which this code "
            f"does not know): restore it with version {manifest.get('app_version')} or later."
        )
    if manifest["schema_version"] != (applied[-1] if applied else ""):
        raise refuse(f"{archive}: the manifest's schema version differs from its database.")
    for table in sorted(set(tables) | set(manifest["tables"])):
        if tables.get(table) != manifest["tables"].get(table):
            raise refuse(
                f"{archive}: table {table} has {tables.get(table, 'no')} rows, its manifest "
                f"says {manifest['tables'].get(table, 'none')}."
            )
    return Checked(archive, manifest, database, content / UPLOADS_MEMBER)


def _unpack(archive: Path, readable: Path, content: Path) -> dict:
    """Check the members and the manifest, then extract; the manifest."""
    try:
        with tarfile.open(readable, "r:gz") as tar:
            members = tar.getmembers()
            names = [member.name for member in members]
            for member in members:
                problem = _unsafe(member)
                if problem:
                    raise refuse(f"{archive} holds an unsafe member {member.name!r} ({problem}).")
            duplicate = next((name for name in names if names.count(name) > 1), None)
            if duplicate:
                raise refuse(f"{archive} holds {duplicate} twice.")
            if MANIFEST not in names:
                raise refuse(f"{archive} has no {MANIFEST}: not an archive made by flask backup.")
            manifest = _read_manifest(archive, tar.extractfile(MANIFEST).read())
            files = {member.name for member in members if member.isreg()} - {MANIFEST}
            missing = sorted(set(manifest["files"]) - files)
            if missing:
                raise refuse(f"{archive} lacks {missing[0]}, which its manifest lists.")
            extra = sorted(files - set(manifest["files"]))
            if extra:
                raise refuse(f"{archive} holds {extra[0]}, which its manifest does not list.")
            tar.extractall(content, filter="data")
    except tarfile.FilterError as error:
        raise refuse(f"{archive} holds an unsafe member ({error}).") from error
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise refuse(f"{archive} is not a readable tar.gz archive ({error}).") from error
    return manifest


def _unsafe(member: tarfile.TarInfo) -> str:
    """Why a member must not be extracted; "" for one that may."""
    parts = PurePosixPath(member.name).parts
    if member.name.startswith("/") or ".." in parts:
        return "a path outside the archive"
    if member.issym() or member.islnk():
        return "a link"
    if not (member.isreg() or member.isdir()):
        return "a device or other special file"
    if parts[:1] == (UPLOADS_MEMBER,) or (member.isreg() and member.name in TOP_FILES):
        return ""
    return "not part of a backup"


def _read_manifest(archive: Path, body: bytes) -> dict:
    try:
        manifest = json.loads(body)
        files, tables = manifest["files"], manifest["tables"]
        shape_ok = (
            isinstance(manifest["schema_version"], str)
            and all(
                isinstance(f["sha256"], str) and isinstance(f["size"], int) for f in files.values()
            )
            and all(isinstance(count, int) for count in tables.values())
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise refuse(f"{archive}: its {MANIFEST} is damaged ({error}).") from error
    if not shape_ok:
        raise refuse(f"{archive}: its {MANIFEST} is damaged (values of the wrong kind).")
    if manifest.get("format") != MANIFEST_FORMAT:
        raise refuse(f"{archive}: manifest format {manifest.get('format')!r} is not known here.")
    return manifest


def _check_database(path: Path, label: str) -> tuple[dict[str, int], list[str]]:
    """A sound SQLite file of this app: its row counts per table and applied migrations."""
    with open(path, "rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if not header:
        raise refuse(f"{label} is empty (0 bytes).")
    if header != SQLITE_HEADER:
        raise refuse(f"{label} is not a SQLite database.")
    try:
        with closing(sqlite3.connect(path)) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise refuse(f"{label} is damaged: {problems[0]}.")
            names = [
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                    "ORDER BY name"
                )
            ]
            missing = [table for table in OUR_TABLES if table not in names]
            if missing:
                raise refuse(f"{label} is not this app's (it has no {missing[0]} table).")
            # table names as SQLite lists them, quoted: no value of anyone's enters the SQL
            tables = {}
            for name in names:
                counting = f"SELECT count(*) FROM {_quoted(name)}"  # noqa: S608
                tables[name] = conn.execute(counting).fetchone()[0]
            history = f"SELECT name FROM {_quoted(HISTORY_TABLE)} ORDER BY name"  # noqa: S608
            applied = [name for (name,) in conn.execute(history)]
    except sqlite3.DatabaseError as error:
        raise refuse(f"{label} is damaged: {error}.") from error
    return tables, applied


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _known_migrations() -> set[str]:
    return {migration.name for migration in Migration.load_directory(str(MIGRATIONS_DIR))}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _gpg(args: list[str], gnupg_home: Path | None, output, what: str) -> None:
    """Run the system's gpg with its output into `output`; a one-line refusal if it fails.
    gpg reads GNUPGHOME itself; a passphrase is never passed here (the agent asks for it)."""
    gpg = shutil.which("gpg")
    if gpg is None:
        raise refuse(f"{what} needs gpg, which is not installed.")
    command = [gpg, "--batch", "--yes"]
    if gnupg_home:
        command += ["--homedir", str(gnupg_home)]
    # a fixed program and our own arguments, no shell
    result = subprocess.run(command + args, stdout=output, stderr=subprocess.PIPE, check=False)  # noqa: S603
    if result.returncode != 0:
        lines = [line for line in result.stderr.decode(errors="replace").splitlines() if line]
        raise refuse(f"{what} failed: {lines[-1] if lines else f'gpg exit {result.returncode}'}.")


# --- restoring --------------------------------------------------------------------------------


def restore_archive(
    archive: Path, *, stop_with: str = "", gnupg_home: Path | None = None
) -> Restored:
    """Verify `archive`, then, with no process serving the app, keep the current database
    (one consistent file) and uploads aside and put the archive's in their place."""
    target = database_file()
    config = current_app.config
    uploads = Path(config["UPLOADS_DIR"])
    # Unpacked next to the database, so it goes into place by a rename on one filesystem.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=target.parent) as tmp:
        checked = check_archive(archive, Path(tmp), gnupg_home)
        with _exclusive_serving_lock(Path(config["DATA_DIR"]), stop_with):
            _close_own_connections()
            restored = _put_in_place(checked, target, uploads)
            _record_restore(archive)
            _close_own_connections()
            return restored


def _record_restore(archive: Path) -> None:
    """The restored database's log says it was restored, and from which archive. An archive
    of a schema before the log had details (0024) gets the bare event; `flask db upgrade`
    brings the schema up to date at the next start."""
    columns = {column.name for column in db.obj.get_columns("audit_event")}
    detail = {"archive": archive.name} if "detail" in columns else None
    with write_tx():
        audit.record(None, "backup.restore", detail=detail)


def _put_in_place(checked: Checked, target: Path, uploads: Path) -> Restored:
    """Keep the live database and uploads aside, then rename the verified ones into place;
    everything that can fail happens before the first rename."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept_db = target.with_name(f"{target.name}.before-restore-{stamp}")
    kept_uploads = uploads.with_name(f"{uploads.name}.before-restore-{stamp}")
    for kept in (kept_db, kept_uploads):
        if kept.exists():
            raise refuse(f"{kept} already exists (two restores in one second?).")
    kept_db = kept_db if target.exists() else None
    orphans = [path for path in _companions(target) if path.exists()]
    if not kept_db and orphans:
        raise refuse(f"{orphans[0]} is there without its database: move it away first.")
    kept_uploads = kept_uploads if uploads.exists() else None
    new_uploads = _stage_uploads(checked.uploads, uploads, stamp)
    try:
        if kept_db:
            _keep_aside(target, kept_db)
        _fsync_file(checked.database)
    except BaseException:
        shutil.rmtree(new_uploads)
        raise
    if kept_uploads:
        uploads.rename(kept_uploads)
    new_uploads.rename(uploads)
    os.replace(checked.database, target)
    for folder in {target.parent, uploads.parent}:
        _fsync_dir(folder)
    return Restored(target, kept_db, kept_uploads)


def _stage_uploads(unpacked: Path, uploads: Path, stamp: str) -> Path:
    """The archive's uploads beside the live folder, on its filesystem, synced to disk."""
    staged = uploads.with_name(f".{uploads.name}.restoring-{stamp}")
    uploads.parent.mkdir(parents=True, exist_ok=True)
    try:
        if unpacked.is_dir():
            shutil.move(unpacked, staged)
        else:
            staged.mkdir()
        for path in staged.rglob("*"):
            if path.is_file():
                _fsync_file(path)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _keep_aside(live: Path, kept: Path) -> None:
    """Copy the live database with the backup API (which reads through the WAL) into `kept`,
    after a checkpoint that empties the WAL; refused while another connection has it open, as
    the new file must not inherit the old one's -wal and -shm."""
    partial = kept.with_name(kept.name + PARTIAL)
    try:
        try:
            with closing(sqlite3.connect(live, timeout=5)) as conn:
                busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy:
                    raise refuse(f"{live} is in use by another process (a backup, a shell?).")
                with closing(sqlite3.connect(partial)) as copy:
                    conn.backup(copy)
                    copy.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as error:
            raise refuse(
                f"The current database {live} cannot be read ({error}): move it away by hand."
            ) from error
        # The last connection to close removes -wal and -shm: if they remain, one is still open.
        if any(path.exists() for path in _companions(live)):
            raise refuse(f"{live} is in use by another process (a backup, a shell?).")
        _fsync_file(partial)
        partial.rename(kept)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _companions(database: Path) -> list[Path]:
    """The files SQLite pairs with a database by name."""
    return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")]


def _close_own_connections() -> None:
    """This process's connections to the database, which must not outlive its file."""
    if isinstance(db.obj, PooledDatabase):
        db.obj.close_all()
    elif not db.is_closed():
        db.close()


@contextmanager
def _exclusive_serving_lock(data_dir: Path, stop_with: str) -> Iterator[None]:
    """Hold DATA_DIR/serving.lock exclusively: no process serves the app meanwhile. If one
    does, run `stop_with` (no shell) and wait for it to let go."""
    path = data_dir / SERVING_LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd, fcntl.LOCK_EX):
            if not stop_with:
                raise refuse(
                    f"The app is running (it holds {path}): stop it first, or pass "
                    "--stop-with 'systemctl stop mentoru'."
                )
            _run_stop_command(stop_with)
            deadline = time.monotonic() + STOP_WAIT_SECONDS
            while not _try_lock(fd, fcntl.LOCK_EX):
                if time.monotonic() > deadline:
                    raise refuse(
                        f"The app still holds {path} {STOP_WAIT_SECONDS:g} s after "
                        f"{stop_with!r}: stop it by hand."
                    )
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def _run_stop_command(command: str) -> None:
    try:
        # the operator's own command, split as a shell would but run without one
        finished = subprocess.run(shlex.split(command), check=False)  # noqa: S603
    except (OSError, ValueError) as error:
        raise refuse(f"The stop command {command!r} could not run: {error}.") from error
    if finished.returncode != 0:
        raise refuse(f"The stop command {command!r} failed (exit {finished.returncode}).")


def _try_lock(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the lock a serving process holds ---------------------------------------------------------

#: the lock this process holds: one data folder's (a test run builds an app per test, so
#: taking the next one lets go of the one before)
_serving: dict = {"path": None, "fd": None}
_serving_guard = threading.Lock()


def hold_serving_lock(app: Flask) -> None:
    """From its first request on, a process holds DATA_DIR/serving.lock shared for good, so a
    restore (which needs it exclusively) cannot run under it; a request during a restore gets
    a 503. CLI commands serve no requests, so they never hold it."""

    @app.before_request
    def _serving_lock():
        path = Path(app.config["DATA_DIR"]) / SERVING_LOCK
        if _serving["path"] == path:
            return None
        with _serving_guard:
            if _serving["path"] != path and not _take_shared(path):
                # The page must not touch the database being replaced: render it as a visitor's.
                g._login_user = login_manager.anonymous_user()
                response = make_response(render_error(503, message=RESTORING))
                response.headers["Retry-After"] = "60"
                return response
        return None


def _take_shared(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        # A read-only data folder: a shared lock needs no write access; with no lock file at
        # all, no restore can write there either, so serving without one is safe.
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return True
    if not _try_lock(fd, fcntl.LOCK_SH):
        os.close(fd)
        return False
    release_serving_lock()
    _serving.update(path=path, fd=fd)
    return True


def release_serving_lock() -> None:
    """Let go of the serving lock (tests; a process that stops serving)."""
    if _serving["fd"] is not None:
        os.close(_serving["fd"])
    _serving.update(path=None, fd=None)
