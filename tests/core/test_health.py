"""/health: 200 while the database answers and takes a write and the disks have room; else 503
naming each cause, in time even when the database is locked."""

import re
import time

import pytest

from app import create_app
from app.core.health import PROBE_KEY
from app.core.models import Setting
from app.db import Trouble, db, free_mb


def test_ok_with_the_least_free_space(app, tmp_path):
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert abs(response.json["free_mb"] - free_mb(tmp_path)) < 100


def test_the_write_probe_keeps_nothing(app):
    before = Setting.select().count()
    assert app.test_client().get("/health").status_code == 200
    assert Setting.select().count() == before
    assert not Setting.select().where(Setting.key == PROBE_KEY).exists()


@pytest.mark.parametrize("trouble", [Trouble.READ_ONLY, Trouble.LOCKED])
def test_a_database_that_refuses_writes_fails(app, failing_writes, trouble):
    failing_writes(trouble)
    started = time.monotonic()
    response = app.test_client().get("/health")
    assert time.monotonic() - started < 2  # the probe's own short wait, not a save's 5 s
    assert response.status_code == 503
    assert response.json == {"status": "failing", "reasons": [f"database {trouble}"]}


def test_a_nearly_full_disk_fails_with_its_free_space(app, tmp_path, caplog):
    app.config["HEALTH_MIN_FREE_MB"] = 10**9  # more than any disk here has
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.json["status"] == "failing"
    (reason,) = response.json["reasons"]  # one disk holds the data folder, uploads and database
    megabytes = int(re.fullmatch(r"disk nearly full: (\d+) MB free", reason)[1])
    assert abs(megabytes - free_mb(tmp_path)) < 100
    assert f"MB free in {tmp_path.resolve()}" in caplog.text


def test_an_unreachable_database_and_a_full_disk_are_both_named(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": tmp_path,
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/app.db",
            "HEALTH_MIN_FREE_MB": 10**9,
        }
    )
    response = app.test_client().get("/health")
    assert response.status_code == 503
    reasons = response.json["reasons"]
    assert reasons[0] == "database unreachable"
    assert len(reasons) == 2 and reasons[1].startswith("disk nearly full: ")


def test_a_database_error_that_names_no_cause_is_still_a_failure(app):
    db.execute_sql('DROP TABLE "setting"')  # as in a database never migrated
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.json == {"status": "failing", "reasons": ["database error"]}
