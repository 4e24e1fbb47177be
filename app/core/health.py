"""The health check: the database answers and takes a write, and its disks have room."""

from pathlib import Path

from flask import current_app
from peewee import PeeweeException
from playhouse.pool import MaxConnectionsExceeded

from app.core.models import Setting
from app.db import free_mb, probe_write, sqlite_file, trouble_of
from app.uploads.services import upload_dir

#: how long the write probe waits for the write lock, in milliseconds: far less than the 5 s a
#: person's save waits, so a locked database is reported in time
PROBE_WAIT_MS = 1000
#: the setting the probe inserts and rolls back
PROBE_KEY = "health-probe"


def report() -> dict:
    """{"status": "ok", "free_mb": N} (the least free space of the folders), or
    {"status": "failing", "reasons": [...]} naming each cause."""
    reasons = [reason] if (reason := database_failure()) else []
    minimum = current_app.config["HEALTH_MIN_FREE_MB"]
    free = {folder: free_mb(folder) for folder in folders()}
    for folder, megabytes in free.items():
        low = f"disk nearly full: {megabytes} MB free"
        if megabytes < minimum and low not in reasons:
            current_app.logger.warning("%s in %s (below %s MB)", low, folder, minimum)
            reasons.append(low)
    if reasons:
        return {"status": "failing", "reasons": reasons}
    return {"status": "ok", "free_mb": min(free.values())}


def database_failure() -> str | None:
    """None when the database answers and accepts a write (inserted, then rolled back), else
    why not: "database unreachable", "database read-only", "database locked", "database disk
    full", or "database error" for an error that names no cause (the log has it)."""
    try:
        probe_write(lambda: Setting.insert(key=PROBE_KEY, value="").execute(), PROBE_WAIT_MS)
    except (PeeweeException, MaxConnectionsExceeded) as error:
        current_app.logger.warning("health check: the database failed the probe: %s", error)
        return f"database {trouble_of(error) or 'error'}"
    return None


def folders() -> list[Path]:
    """Where the data is written: the data folder, the uploads and the SQLite database."""
    found = [Path(current_app.config["DATA_DIR"]), upload_dir()]
    database = sqlite_file()
    if database is not None:
        found.append(database.parent)
    return list(dict.fromkeys(path.resolve() for path in found))
