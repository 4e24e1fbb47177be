"""Backup and restore drills against the app under gunicorn: backups taken while mentors write
restore into an empty data folder with every write acknowledged before the backup began, and
a restore is refused while the app serves, then works once it is stopped."""

import json
import sqlite3
import tarfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest

from tests.databases import ENGINE, sqlite_url
from tests.drills.conftest import ACKNOWLEDGED, NOTE_PREFIX, stored_entries

BACKUPS = 3
WRITERS = 4


# backup and restore handle SQLite; on PostgreSQL they refuse and point to pg_dump
pytestmark = pytest.mark.skipif(ENGINE != "sqlite", reason="backup and restore are SQLite's")


def only_file(folder: Path) -> Path:
    (archive,) = folder.iterdir()
    return archive


def manifest_counts(archive: Path) -> dict[str, int]:
    """The row count per table that the archive's manifest.json records."""
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return manifest["tables"]


def row_counts(database: Path, tables) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as connection:
        known = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        assert set(tables) <= known, set(tables) - known
        # the names were just found among the database's own tables
        count = 'SELECT COUNT(*) FROM "{}"'
        return {table: connection.execute(count.format(table)).fetchone()[0] for table in tables}


def restored_notes(database: Path) -> list[str]:
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        query = "SELECT note FROM entry WHERE note LIKE ?"
        return [note for (note,) in connection.execute(query, (NOTE_PREFIX + "%",))]


@pytest.mark.drill
def test_backup_under_writes(server, make_writers, tmp_path):
    writers = make_writers(WRITERS)
    serving, stop = threading.Event(), threading.Event()
    serving.set()
    taken = []  # (archive, the writes acknowledged before its backup began)
    with ThreadPoolExecutor(len(writers)) as pool:
        running = [pool.submit(writer.run, serving, stop) for writer in writers]
        try:
            for number in range(1, BACKUPS + 1):
                time.sleep(0.5)
                acknowledged = [
                    write
                    for writer in writers
                    for write in list(writer.writes)
                    if write.outcome == ACKNOWLEDGED
                ]
                folder = tmp_path / f"backups-{number}"
                backup = server.flask("backup", "--to", str(folder))
                assert backup.returncode == 0, backup.stderr
                taken.append((only_file(folder), acknowledged))
        finally:
            stop.set()
        for writer_done in running:
            writer_done.result()

    for number, (archive, acknowledged) in enumerate(taken, 1):
        verify = server.flask("backup", "--verify", str(archive))
        assert verify.returncode == 0, verify.stdout + verify.stderr
        empty = tmp_path / f"restored-{number}"
        empty.mkdir()
        restore = server.flask(
            "restore", str(archive), "--yes", data_dir=empty, database_url=sqlite_url(empty)
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
        expected = manifest_counts(archive)
        assert "entry" in expected
        # the archive's rows, and the restore itself in the restored log
        expected["audit_event"] += 1
        assert row_counts(empty / "app.db", expected) == expected
        notes = restored_notes(empty / "app.db")
        assert len(notes) == len(set(notes))
        assert {write.note for write in acknowledged} <= set(notes)
    assert len(taken[-1][1]) > len(taken[0][1]) > 0, "the writers wrote while backups ran"


@pytest.mark.drill
def test_restore_refused_while_serving(server, make_writers, tmp_path):
    (writer,) = make_writers(1)
    kept = writer.write_next()
    backup = server.flask("backup", "--to", str(tmp_path / "backups"))
    assert backup.returncode == 0, backup.stderr
    archive = only_file(tmp_path / "backups")
    newer = writer.write_next()  # what a restore of the archive would undo
    assert (kept.outcome, newer.outcome) == (ACKNOWLEDGED, ACKNOWLEDGED)
    live = tmp_path / "app.db"
    inode = live.stat().st_ino

    refused = server.flask("restore", str(archive), "--yes")
    assert refused.returncode != 0
    message = (refused.stdout + refused.stderr).strip().splitlines()
    assert len(message) == 1 and "Traceback" not in message[0], message
    assert live.stat().st_ino == inode
    stored = stored_entries([kept, newer])
    assert (stored[kept.note], stored[newer.note]) == (kept.stored_once, newer.stored_once)
    assert writer.write_next().outcome == ACKNOWLEDGED  # still serving

    server.stop()
    restored = server.flask("restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    stored = stored_entries([kept, newer])
    assert (stored[kept.note], stored[newer.note]) == (kept.stored_once, [])
