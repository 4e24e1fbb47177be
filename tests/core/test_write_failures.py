"""write_tx: a write that fails raises the database's own error, never the failed rollback
that followed it, and the log names the cause in words."""

from contextlib import nullcontext

import pytest
from peewee import OperationalError, PeeweeException

from app.core.models import Setting
from app.db import Trouble, db, free_mb, write_tx
from app.refusals import refuse
from tests.core.failures import LARGE

#: what the engines say, in their own words
OWN_WORDS = {
    Trouble.DISK_FULL: "database or disk is full",
    Trouble.READ_ONLY: "read-?only",
    Trouble.LOCKED: "database is locked|lock timeout",
}


@pytest.mark.parametrize("nested", [False, True], ids=["transaction", "savepoint"])
@pytest.mark.parametrize("trouble", [Trouble.DISK_FULL, Trouble.READ_ONLY, Trouble.LOCKED])
def test_the_original_error_is_raised_and_logged_in_words(
    app, failing_writes, trouble, nested, caplog
):
    failing_writes(trouble)
    inner = write_tx() if nested else nullcontext()
    with pytest.raises(PeeweeException, match=OWN_WORDS[trouble]), write_tx(), inner:
        Setting.create(key="filler", value=LARGE)
    assert not db.in_transaction()
    failures = [r.getMessage() for r in caplog.records if r.name == "app.db"]
    assert len(failures) == 1 and failures[0].startswith(f"database write failed: {trouble}")
    assert Setting.select().where(Setting.key == "filler").count() == 0  # still reads


def test_a_full_disk_is_logged_with_the_free_space(app, failing_writes, tmp_path, caplog):
    failing_writes(Trouble.DISK_FULL)
    with pytest.raises(OperationalError, match="database or disk is full"), write_tx():
        Setting.create(key="filler", value=LARGE)
    (failure,) = [r.getMessage() for r in caplog.records if r.name == "app.db"]
    free = int(failure.split("(")[1].split(" MB free")[0])
    assert abs(free - free_mb(tmp_path)) < 100
    assert f"MB free in {tmp_path}): database or disk is full" in failure


def test_a_write_commits_and_a_refusal_rolls_back(app, caplog):
    with write_tx():
        Setting.create(key="kept", value="1")
    with pytest.raises(type(refuse("no"))), write_tx():
        Setting.create(key="dropped", value="1")
        raise refuse("no")
    assert [s.key for s in Setting.select().where(Setting.key.in_(["kept", "dropped"]))] == ["kept"]
    assert "database write failed" not in caplog.text


def test_an_inner_failure_caught_outside_undoes_only_the_inner_part(app):
    with write_tx():
        Setting.create(key="outer", value="1")
        with pytest.raises(ValueError), write_tx():
            Setting.create(key="inner", value="1")
            raise ValueError
    keys = {s.key for s in Setting.select().where(Setting.key.in_(["outer", "inner"]))}
    assert keys == {"outer"}
