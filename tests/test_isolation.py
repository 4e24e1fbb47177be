"""The suite never touches a database it did not create, whatever the environment names."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from tests.conftest import CLUSTER, make_app
from tests.databases import CONFIG_VARIABLES, ENGINE, PostgresCluster


def test_no_setting_of_the_environment_reaches_the_tests():
    assert "DATABASE_URL" in CONFIG_VARIABLES and "SMTP_HOST" in CONFIG_VARIABLES
    assert not CONFIG_VARIABLES & set(os.environ)


def test_an_exported_database_url_is_not_used(tmp_path, monkeypatch):
    production = tmp_path / "production" / "app.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{production}")
    (tmp_path / "own").mkdir()
    application = make_app(tmp_path / "own")
    assert application.config["DATABASE_URL"] != os.environ["DATABASE_URL"]
    assert not production.exists()


def test_a_run_with_a_production_url_exported_leaves_that_database_alone(tmp_path):
    """What `./scripts/test` does on a host where the production URL is exported."""
    production = tmp_path / "production.db"
    production.write_bytes(b"")
    (tmp_path / "test_writes.py").write_text(
        "def test_writes(users):\n    assert len(users) > 1\n", encoding="utf-8"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{production}", "PYTHONPATH": PROJECT_ROOT}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "tests.conftest", "-c", PROJECT_ROOT / "pyproject.toml"]
    result = subprocess.run(
        [*command, "--rootdir", PROJECT_ROOT, tmp_path / "test_writes.py"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert production.read_bytes() == b""


@pytest.mark.skipif(ENGINE != "postgresql", reason="the PostgreSQL run's guard")
def test_a_server_not_marked_throwaway_is_refused():
    cluster = CLUSTER[0]
    (data_directory,) = cluster.admin.execute("SHOW data_directory").fetchone()
    mark = Path(data_directory) / "THROWAWAY"
    mark.rename(mark.with_suffix(".away"))
    try:
        with pytest.raises(RuntimeError, match="not marked THROWAWAY"):
            PostgresCluster(os.environ["MENTORU_TEST_POSTGRES"])
    finally:
        mark.with_suffix(".away").rename(mark)
