"""flask backup / backup --verify / restore: archives that verify, restores that keep what they
replace, and every bad archive or unsafe moment refused in one line with nothing changed."""

import fcntl
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from app import backups
from app.db import db
from tests.conftest import make_app
from tests.databases import ENGINE, sqlite_url

pytestmark = pytest.mark.skipif(
    ENGINE != "sqlite", reason="backup and restore handle SQLite; PostgreSQL has pg_dump"
)

GPG = shutil.which("gpg")
RECIPIENT = "backup-test@example.invalid"
#: the schema a backup made now records: the newest migration
LATEST_MIGRATION = max(path.stem for path in backups.MIGRATIONS_DIR.glob("[0-9]*.py"))


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def refusal(result) -> str:
    """The one line a refused command says on stderr (exit code 1, no traceback)."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def row_counts(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        counts = {}
        for name in names:
            # a table name as SQLite lists it, of this app's own schema
            counts[name] = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        return counts


@pytest.fixture
def live(tmp_path, demo_folder):
    """The app on a copy of the demo's data folder (database and uploads)."""
    folder = tmp_path / "live"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, DATABASE_URL=sqlite_url(folder))
    yield application
    db.close_all()
    backups.release_serving_lock()


@pytest.fixture
def archive(live, tmp_path) -> Path:
    result = run(live, "backup", "--to", tmp_path / "archives")
    assert result.exit_code == 0, result.output
    db.close_all()  # the data folder at rest: no -wal of the test's own connections
    return Path(result.stdout.strip())


def data_dir(app) -> Path:
    return Path(app.config["DATA_DIR"])


def test_a_backup_verifies_and_restores_into_an_empty_data_dir(live, archive, tmp_path):
    folder = data_dir(live)
    assert backups.ARCHIVE_NAME.match(archive.name)
    assert [path.name for path in archive.parent.iterdir()] == [archive.name]  # no .partial
    expected_rows, expected_uploads = row_counts(folder / "app.db"), tree(folder / "uploads")
    assert expected_uploads, "the demo has uploads, so their hashes are compared"
    assert sorted(folder.glob(".backup-*")) == []

    verified = run(live, "backup", "--verify", archive)
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.splitlines() == [
        f"{archive} is a good backup: {len(expected_rows)} tables, "
        f"{sum(expected_rows.values())} rows, {len(expected_uploads)} files; schema "
        f"{LATEST_MIGRATION}, made {json.loads(members(archive)['manifest.json'])['created_at']} "
        "by version 0.1.0."
    ]

    empty = tmp_path / "empty"
    empty.mkdir()
    target = make_app(empty, DATABASE_URL=sqlite_url(empty), upgrade=False)
    restored = run(target, "restore", archive, "--yes")
    assert restored.exit_code == 0, restored.output
    assert restored.stdout.strip() == (
        f"Restored {archive} into {empty / 'app.db'}. Start the app again."
    )
    # the archive's rows, and the restore in the log
    assert row_counts(empty / "app.db") == with_restore_event(expected_rows)
    with closing(sqlite3.connect(empty / "app.db")) as restored_db:
        last = restored_db.execute(
            "SELECT action, actor_id, detail FROM audit_event ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert last == ("backup.restore", None, json.dumps({"archive": archive.name}))
    assert tree(empty / "uploads") == expected_uploads
    assert sorted(path.name for path in empty.iterdir()) == ["app.db", "serving.lock", "uploads"]


def with_restore_event(rows: dict[str, int]) -> dict[str, int]:
    """The row counts of a database restored from an archive of `rows`: its log has one more
    event, the restore itself."""
    return {**rows, "audit_event": rows["audit_event"] + 1}


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isreg()}


def test_the_manifest_lists_every_member_with_its_hash_and_the_row_counts(live, archive):
    content = members(archive)
    manifest = json.loads(content.pop("manifest.json"))
    assert manifest["files"] == {
        name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
        for name, body in content.items()
    }
    assert manifest["tables"] == row_counts(data_dir(live) / "app.db")
    assert manifest["tables"]["user"] > 0
    assert manifest["schema_version"] == LATEST_MIGRATION
    assert manifest["app_version"] == "0.1.0"
    assert manifest["created_at"].endswith("+00:00")
    # the snapshot is one self-contained file: it does not expect a -wal beside it
    assert content["app.db"][18:20] == b"\x01\x01"


def test_a_backup_taken_while_another_thread_writes_is_consistent(live, tmp_path):
    database = data_dir(live) / "app.db"
    with closing(sqlite3.connect(database)) as conn:
        conn.execute("CREATE TABLE pair (n INTEGER)")
        conn.commit()
    stop, written = threading.Event(), []

    def write_pairs():
        with closing(sqlite3.connect(database, timeout=5, isolation_level=None)) as conn:
            while not stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT INTO pair VALUES (?)", [(len(written),)] * 2)
                conn.execute("COMMIT")
                written.append(1)

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        while len(written) < 50:
            time.sleep(0.01)
        result = run(live, "backup", "--to", tmp_path / "archives")
        during = len(written)
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    archive = Path(result.stdout.strip())
    assert run(live, "backup", "--verify", archive).exit_code == 0
    pairs = json.loads(members(archive)["manifest.json"])["tables"]["pair"]
    assert pairs % 2 == 0 and 100 <= pairs <= 2 * during
    assert len(written) > pairs // 2, "the writer went on while the backup ran"


# --- archives that must be refused --------------------------------------------------------------


def write_archive(path: Path, entries: list[tuple[tarfile.TarInfo, bytes]], mode="w:gz") -> Path:
    with tarfile.open(path, mode) as tar:
        for info, body in entries:
            info.size = len(body) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(body) if info.isreg() else None)
    return path


def regular(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def rebuilt(good: Path, path: Path, change=None, *, rehash: bool = True) -> Path:
    """The good archive's members, changed by `change(content, manifest)`; the manifest's
    hashes then follow the new content unless `rehash` is False."""
    content = members(good)
    manifest = json.loads(content.pop("manifest.json"))
    if change:
        change(content, manifest)
    if rehash:
        manifest["files"] = {
            name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
            for name, body in content.items()
        }
    entries = [(regular(name), body) for name, body in content.items()]
    return write_archive(
        path, [*entries, (regular("manifest.json"), json.dumps(manifest).encode())]
    )


def changed_database(change):
    """A change to the archive's database, made with SQLite on a copy of it."""

    def apply(content, manifest):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "app.db"
            copy.write_bytes(content["app.db"])
            with closing(sqlite3.connect(copy)) as conn:
                change(conn, manifest)
                conn.commit()
            content["app.db"] = copy.read_bytes()

    return apply


def damage(content, _manifest):
    body = bytearray(content["app.db"])
    page = 4096
    body[2 * page : 6 * page] = b"\xa5" * 4 * page  # pages of tables and indexes overwritten
    content["app.db"] = bytes(body)


def foreign(content, _manifest):
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "other.db"
        with closing(sqlite3.connect(other)) as conn:
            conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total INTEGER)")
            conn.commit()
        content["app.db"] = other.read_bytes()


def newer_schema(conn, manifest):
    conn.execute(
        "INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')"
    )
    manifest["tables"]["schema_migration"] += 1
    manifest["schema_version"] = "0099_future"


def special(name: str, kind: bytes, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def craft(kind: str, good: Path, folder: Path) -> Path:
    path = folder / "crafted.tar.gz"
    good_entries = [(regular(name), body) for name, body in members(good).items()]
    if kind == "missing":
        return folder / "no-such-archive.tar.gz"
    if kind == "empty file":
        path.write_bytes(b"")
    elif kind == "not a tar.gz":
        path.write_bytes(b"just some text, not an archive\n")
    elif kind == "plain tar":
        write_archive(path, good_entries, mode="w")
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "no manifest":
        write_archive(path, [entry for entry in good_entries if entry[0].name == "app.db"])
    elif kind == "damaged manifest":
        rebuilt(good, path)
        content = members(path)
        content["manifest.json"] = b"{not json"
        write_archive(path, [(regular(name), body) for name, body in content.items()])
    elif kind == "hash mismatch":
        rebuilt(
            good, path, lambda c, m: c.update({"app.db": c["app.db"][:-1] + b"!"}), rehash=False
        )
    elif kind == "not in the manifest":
        rebuilt(good, path, rehash=False)
        content = members(path) | {"uploads/ab/extra": b"extra"}
        write_archive(path, [(regular(name), body) for name, body in content.items()])
    elif kind == "parent path":
        write_archive(path, [*good_entries, (regular("../escaped.txt"), b"x")])
    elif kind == "absolute path":
        write_archive(path, [*good_entries, (regular("/tmp/escaped.txt"), b"x")])
    elif kind == "symlink":
        write_archive(
            path, [*good_entries, (special("uploads/ab/link", tarfile.SYMTYPE, "/"), b"")]
        )
    elif kind == "hard link":
        write_archive(
            path, [*good_entries, (special("uploads/ab/h", tarfile.LNKTYPE, "app.db"), b"")]
        )
    elif kind == "device":
        write_archive(path, [*good_entries, (special("uploads/ab/dev", tarfile.CHRTYPE), b"")])
    elif kind == "not sqlite":
        rebuilt(good, path, lambda c, m: c.update({"app.db": b"hello, not a database" * 10}))
    elif kind == "empty database":
        rebuilt(good, path, lambda c, m: c.update({"app.db": b""}))
    elif kind == "damaged database":
        rebuilt(good, path, damage)
    elif kind == "foreign database":
        rebuilt(good, path, foreign)
    elif kind == "newer schema":
        rebuilt(good, path, changed_database(newer_schema))
    elif kind == "stray member":
        write_archive(path, [*good_entries, (regular("secret_key"), b"not ours to restore")])
    elif kind == "manifest as a folder":
        entries = [entry for entry in good_entries if entry[0].name != "manifest.json"]
        write_archive(path, [*entries, (special("manifest.json", tarfile.DIRTYPE), b"")])
    elif kind == "row counts":
        rebuilt(good, path, lambda c, m: m["tables"].update(user=m["tables"]["user"] + 1))
    return path


REFUSALS = {
    "missing": "No such file: ",
    "empty file": "is empty (0 bytes): a backup that did not finish?",
    "not a tar.gz": "is not a readable tar.gz archive",
    "plain tar": "is not a readable tar.gz archive",
    "truncated": "is not a readable tar.gz archive",
    "no manifest": "has no manifest.json: not an archive made by flask backup",
    "damaged manifest": "its manifest.json is damaged",
    "hash mismatch": "app.db does not match its manifest (changed or damaged)",
    "not in the manifest": "holds uploads/ab/extra, which its manifest does not list",
    "parent path": "holds an unsafe member '../escaped.txt' (a path outside the archive)",
    "absolute path": "holds an unsafe member '/tmp/escaped.txt' (a path outside the archive)",
    "symlink": "holds an unsafe member 'uploads/ab/link' (a link)",
    "hard link": "holds an unsafe member 'uploads/ab/h' (a link)",
    "device": "holds an unsafe member 'uploads/ab/dev' (a device or other special file)",
    "not sqlite": "is not a SQLite database",
    "empty database": "is empty (0 bytes)",
    "damaged database": "is damaged",
    "foreign database": "is not this app's (it has no schema_migration table)",
    "newer schema": "was made by newer code (its schema has 0099_future, which this code does not "
    "know): restore it with version 0.1.0 or later",
    "row counts": "table user has",
    "stray member": "holds an unsafe member 'secret_key' (not part of a backup)",
    "manifest as a folder": "holds an unsafe member 'manifest.json' (not part of a backup)",
}


@pytest.mark.parametrize("kind", sorted(REFUSALS))
def test_a_bad_archive_is_refused_in_one_line_and_nothing_changes(live, archive, tmp_path, kind):
    bad = craft(kind, archive, tmp_path)
    folder = data_dir(live)
    before = tree(folder)

    verified = refusal(run(live, "backup", "--verify", bad))
    assert verified.startswith("Error: Not a good backup: ") and str(bad) in verified
    assert REFUSALS[kind] in verified

    restored = refusal(run(live, "restore", bad, "--yes"))
    assert restored.startswith("Error: Nothing was restored: ")
    assert REFUSALS[kind] in restored
    assert tree(folder) == before
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_without_yes_restores_nothing(live, archive):
    folder = data_dir(live)
    before = tree(folder)
    line = refusal(run(live, "restore", archive))
    assert line == "Error: Nothing was restored: not confirmed (pass --yes)."
    assert tree(folder) == before


# --- the lock of a serving app ------------------------------------------------------------------


def test_restore_is_refused_while_this_process_serves_the_app(live, archive):
    folder = data_dir(live)
    assert live.test_client().get("/login").status_code == 200
    db.close_all()
    before = tree(folder)
    line = refusal(run(live, "restore", archive, "--yes"))
    assert line == (
        f"Error: Nothing was restored: The app is running (it holds {folder / 'serving.lock'}): "
        "stop it first, or pass --stop-with 'systemctl stop mentoru'."
    )
    assert tree(folder) == before

    backups.release_serving_lock()
    result = run(live, "restore", archive, "--yes")
    assert result.exit_code == 0, result.output


def test_a_request_during_a_restore_gets_a_503_and_the_next_one_serves(live):
    client = live.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    lock = data_dir(live) / "serving.lock"
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a restore holds it
        response = client.get("/login")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "60"
        assert "A restore is in progress; try again in a minute." in response.get_data(as_text=True)
    assert client.get("/login").status_code == 200


@pytest.fixture
def holder(live):
    """Another process that serves (holds the lock shared) until it is killed."""
    lock = data_dir(live) / "serving.lock"
    script = (
        "import fcntl, sys, time\n"
        f"lock = open({str(lock)!r}, 'a')\n"
        "fcntl.flock(lock, fcntl.LOCK_SH)\n"
        "print('held', flush=True)\n"
        "time.sleep(120)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "held\n"
    yield process
    process.kill()
    process.wait()
    process.stdout.close()


def test_stop_with_runs_the_command_and_waits_for_the_app_to_let_go(live, archive, holder):
    result = run(live, "restore", archive, "--yes", "--stop-with", f"kill {holder.pid}")
    assert result.exit_code == 0, result.output
    assert holder.wait(5) != 0


def test_stop_with_refuses_when_the_app_does_not_stop(live, archive, holder, monkeypatch):
    monkeypatch.setattr(backups, "STOP_WAIT_SECONDS", 0.3)
    folder = data_dir(live)
    before = tree(folder)
    line = refusal(run(live, "restore", archive, "--yes", "--stop-with", "true"))
    assert line == (
        f"Error: Nothing was restored: The app still holds {folder / 'serving.lock'} 0.3 s after "
        "'true': stop it by hand."
    )
    failed = refusal(run(live, "restore", archive, "--yes", "--stop-with", "false"))
    assert failed == "Error: Nothing was restored: The stop command 'false' failed (exit 1)."
    missing = refusal(run(live, "restore", archive, "--yes", "--stop-with", "no-such-command-x"))
    assert "The stop command 'no-such-command-x' could not run: " in missing
    assert tree(folder) == before
    assert holder.poll() is None


# --- what a restore keeps aside -----------------------------------------------------------------

CRASHED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("CREATE TABLE acknowledged (what TEXT)")
conn.execute("INSERT INTO acknowledged VALUES ('the last write')")
conn.commit()
os._exit(0)  # a crash: the commit is in the WAL only, never checkpointed
"""


def test_the_kept_aside_copy_holds_the_last_write_of_an_uncheckpointed_wal(live, archive, tmp_path):
    folder = data_dir(live)
    database = folder / "app.db"
    old_uploads = tree(folder / "uploads")
    subprocess.run([sys.executable, "-c", CRASHED_WRITER, str(database)], check=True)
    assert (folder / "app.db-wal").stat().st_size > 0

    result = run(live, "restore", archive, "--yes")
    assert result.exit_code == 0, result.output
    (kept,) = folder.glob("app.db.before-restore-*")
    (kept_uploads,) = folder.glob("uploads.before-restore-*")
    assert result.stdout.strip() == (
        f"Restored {archive} into {database}; the previous data is kept as {kept} and "
        f"{kept_uploads}. Start the app again."
    )
    assert sorted(path.name for path in folder.iterdir() if "before-restore" in path.name) == [
        kept.name,
        kept_uploads.name,
    ]
    alone = tmp_path / "alone" / "copy.db"  # the kept file by itself, nothing beside it
    alone.parent.mkdir()
    shutil.copy(kept, alone)
    with closing(sqlite3.connect(alone)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT what FROM acknowledged").fetchall() == [("the last write",)]
    assert tree(kept_uploads) == old_uploads

    # the live database is the archive's, with no -wal or -shm of the old one beside it
    assert not (folder / "app.db-wal").exists() and not (folder / "app.db-shm").exists()
    restored_rows = row_counts(database)
    assert "acknowledged" not in restored_rows
    assert restored_rows == with_restore_event(
        json.loads(members(archive)["manifest.json"])["tables"]
    )


def test_restore_is_refused_while_another_connection_has_the_database_open(live, archive):
    folder = data_dir(live)
    rows = row_counts(folder / "app.db")
    with closing(sqlite3.connect(folder / "app.db")) as reader:
        reader.execute("SELECT count(*) FROM user").fetchone()
        line = refusal(run(live, "restore", archive, "--yes"))
    assert line == (
        f"Error: Nothing was restored: {folder / 'app.db'} is in use by another process "
        "(a backup, a shell?)."
    )
    assert [path for path in folder.iterdir() if "restor" in path.name] == []
    assert row_counts(folder / "app.db") == rows


def test_restore_is_refused_beside_a_wal_without_its_database(live, archive):
    folder = data_dir(live)
    (folder / "app.db").unlink()
    (folder / "app.db-wal").write_bytes(b"frames of a database that is gone")
    before = tree(folder)
    line = refusal(run(live, "restore", archive, "--yes"))
    assert line == (
        f"Error: Nothing was restored: {folder / 'app.db-wal'} is there without its database: "
        "move it away first."
    )
    # only the empty lock file is new: it is never removed, as a server may have it open
    assert tree(folder) == {**before, "serving.lock": hashlib.sha256(b"").hexdigest()}


# --- making archives ----------------------------------------------------------------------------


def test_a_backup_that_fails_midway_leaves_no_archive_under_a_final_name(
    live, tmp_path, monkeypatch
):
    calls = []

    def crash(tar, info, fileobj=None):
        calls.append(info.name)
        if len(calls) > 3:
            raise OSError("simulated crash")
        return original(tar, info, fileobj)

    original = tarfile.TarFile.addfile
    monkeypatch.setattr(tarfile.TarFile, "addfile", crash)
    target = tmp_path / "archives"
    line = refusal(run(live, "backup", "--to", target))
    assert line == "Error: No backup was made: simulated crash"
    assert list(target.iterdir()) == []
    assert sorted(data_dir(live).glob(".backup-*")) == []


def test_keep_rotates_old_archives_but_never_a_running_backups_partial(live, tmp_path):
    target = tmp_path / "archives"
    target.mkdir()
    old = [f"mentoru-2020010{day}-020000.tar.gz" for day in range(1, 6)]
    old.append("mentoru-20200106-020000.tar.gz.gpg")
    for name in [*old, "notes.txt"]:
        (target / name).write_bytes(b"x")
    hours_ago = time.time() - 2 * 3600
    abandoned, running, fresh = (
        target / f"mentoru-2020010{day}-030000.tar.gz.partial" for day in (7, 8, 9)
    )
    for partial in (abandoned, running, fresh):
        partial.write_bytes(b"x")
    os.utime(abandoned, (hours_ago, hours_ago))
    os.utime(running, (hours_ago, hours_ago))
    with open(running, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as the backup writing it holds it
        result = run(live, "backup", "--to", target, "--keep", 3)
    assert result.exit_code == 0, result.output
    made = Path(result.stdout.strip())
    assert sorted(path.name for path in target.iterdir()) == sorted(
        [made.name, old[-1], old[-2], "notes.txt", running.name, fresh.name]
    )


def test_backup_and_restore_refuse_on_postgresql_in_one_line(tmp_path):
    application = make_app(
        tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:9/none", upgrade=False
    )
    for args in (["backup"], ["restore", tmp_path / "x.tar.gz", "--yes"]):
        line = refusal(run(application, *args))
        assert line.endswith(
            "backup and restore handle SQLite only; on PostgreSQL use pg_dump/pg_restore."
        )


# --- encrypted archives -------------------------------------------------------------------------


@pytest.fixture
def gnupg_home():
    """A throwaway keyring with one key pair (no passphrase), its agent ended afterwards."""
    if GPG is None:
        pytest.skip("gpg is not installed: encrypted backups cannot be tested")
    # short: the agent's socket path must fit in 108 bytes
    home = Path(tempfile.mkdtemp(prefix="gpg-", dir="/tmp"))
    subprocess.run(
        [GPG, "--homedir", home, "--batch", "--passphrase", "", "--quick-gen-key"]
        + [f"Backup Test <{RECIPIENT}>", "default", "default", "never"],
        check=True,
        capture_output=True,
    )
    yield home
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"], check=False)
    shutil.rmtree(home, ignore_errors=True)


def test_an_encrypted_backup_verifies_and_restores_with_the_private_key(
    live, tmp_path, gnupg_home, monkeypatch
):
    target = tmp_path / "archives"
    result = run(live, "backup", "--to", target, "--encrypt-to", RECIPIENT, "--homedir", gnupg_home)
    assert result.exit_code == 0, result.output
    archive = Path(result.stdout.strip())
    assert backups.ARCHIVE_NAME.match(archive.name) and archive.name.endswith(".tar.gz.gpg")
    assert [path.name for path in target.iterdir()] == [archive.name]
    assert not archive.read_bytes().startswith(b"\x1f\x8b"), "not a plain gzip stream"
    with pytest.raises(tarfile.ReadError):
        tarfile.open(archive, "r:gz").close()

    verified = run(live, "backup", "--verify", archive, "--homedir", gnupg_home)
    assert verified.exit_code == 0, verified.output
    assert "is a good backup" in verified.stdout

    rows = row_counts(data_dir(live) / "app.db")
    db.close_all()
    monkeypatch.setenv("GNUPGHOME", str(gnupg_home))  # gpg's own variable is respected
    restored = run(live, "restore", archive, "--yes")
    assert restored.exit_code == 0, restored.output
    assert row_counts(data_dir(live) / "app.db") == with_restore_event(rows)


def test_the_setting_encrypts_every_backup(tmp_path, demo_folder, gnupg_home):
    folder = tmp_path / "live"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, DATABASE_URL=sqlite_url(folder), BACKUP_ENCRYPT_TO=RECIPIENT)
    result = run(application, "backup", "--to", tmp_path / "archives", "--homedir", gnupg_home)
    db.close_all()
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(".tar.gz.gpg")


def test_encryption_and_decryption_failures_are_one_line(live, tmp_path, gnupg_home):
    target = tmp_path / "archives"
    args = ["backup", "--to", target, "--encrypt-to", "nobody@example.invalid"]
    line = refusal(run(live, *args, "--homedir", gnupg_home))
    assert line.startswith(
        "Error: No backup was made: Encrypting to nobody@example.invalid failed:"
    )
    assert list(target.iterdir()) == []

    made = run(live, "backup", "--to", target, "--encrypt-to", RECIPIENT, "--homedir", gnupg_home)
    archive = Path(made.stdout.strip())
    without_key = tmp_path / "no-keys"
    without_key.mkdir(mode=0o700)
    before = tree(data_dir(live))
    line = refusal(run(live, "restore", archive, "--yes", "--homedir", without_key))
    assert line.startswith(f"Error: Nothing was restored: Decrypting {archive} failed:")
    assert tree(data_dir(live)) == before
    subprocess.run(["gpgconf", "--homedir", without_key, "--kill", "gpg-agent"], check=False)
