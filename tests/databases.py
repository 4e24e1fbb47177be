"""The databases the suite runs on: a SQLite file in each test's folder, or, when
MENTORU_TEST_POSTGRES names a throwaway cluster (scripts/postgres), a PostgreSQL database per
test that the suite creates and drops.

The suite never uses a database it did not create: the environment's DATABASE_URL (and every
other setting app/config.py reads) is removed before any app is built, and each app is given
its database explicitly. A PostgreSQL server is used only when its data directory carries the
THROWAWAY mark that scripts/postgres leaves, so pointing the variable at a real server fails.
"""

import contextlib
import os
import re
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playhouse import db_url

import app.config

POSTGRES_ADMIN_URL = os.environ.get("MENTORU_TEST_POSTGRES", "")
ENGINE = "postgresql" if POSTGRES_ADMIN_URL else "sqlite"
#: prefix of every database the suite creates; nothing else is ever created or dropped
PREFIX = "mentoru_test_"
#: in a data folder: the PostgreSQL database that belongs to it, and the folder it was made for
OWN_DATABASE = "postgres-database"

CONFIG_VARIABLES = set(
    re.findall(
        r'(?:environ\.get|_flag)\(\s*"([A-Z0-9_]+)"',
        Path(app.config.__file__).read_text(encoding="utf-8"),
    )
)


def scrub_environment() -> dict[str, str]:
    """Remove every setting the app reads from the environment; returns what was there."""
    return {name: os.environ.pop(name) for name in CONFIG_VARIABLES if name in os.environ}


def sqlite_url(folder: Path) -> str:
    return f"sqlite+pool:///{Path(folder) / 'app.db'}"


class PostgresCluster:
    """Creates and drops the suite's databases on the throwaway cluster."""

    def __init__(self, admin_url: str):
        import psycopg

        parts = urlsplit(admin_url)
        self.user = parts.username or ""
        self.host = parse_qs(parts.query).get("host", [parts.hostname or ""])[0]
        self.admin = psycopg.connect(admin_url, autocommit=True)
        (data_directory,) = self.admin.execute("SHOW data_directory").fetchone()
        if not (Path(data_directory) / "THROWAWAY").exists():
            self.admin.close()
            raise RuntimeError(
                f"MENTORU_TEST_POSTGRES names a server whose data directory {data_directory} "
                "is not marked THROWAWAY: the suite runs only on a cluster from scripts/postgres."
            )
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return f"postgresql+pool://{self.user}@/{name}?host={self.host}"

    def create(self, template: str | None = None) -> str:
        name = f"{PREFIX}{uuid.uuid4().hex[:16]}"
        # FILE_COPY: a small template copied as files beats WAL-logging each block.
        clause = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.admin.execute(f"CREATE DATABASE {name}{clause}")
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        assert name.startswith(PREFIX) and name in self.created
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.created.remove(name)

    def drop_all(self) -> None:
        for name in list(self.created):
            self.drop(name)
        self.admin.close()

    def database_for(self, folder: Path, template: str | None) -> str:
        """The database of a data folder: its own if made for it; one cloned from a database
        recorded in a copied folder (shutil.copytree of the demo folder); else a new one from
        `template`."""
        record = Path(folder) / OWN_DATABASE
        if record.exists():
            name, owner = record.read_text().split("\n", 1)
            if owner == str(Path(folder).resolve()) and name in self.created:
                return name
            template = name
        name = self.create(template)
        record.write_text(f"{name}\n{Path(folder).resolve()}")
        return name

    def forget(self, folder: Path) -> None:
        """Drop the folder's own database (a test's, at its end)."""
        record = Path(folder) / OWN_DATABASE
        if record.exists():
            name, owner = record.read_text().split("\n", 1)
            if owner == str(Path(folder).resolve()) and name in self.created:
                self.drop(name)
            record.unlink()


class Snapshot:
    """A database as it was, to put back after an action that may have changed it: SQLite's
    backup API into memory, or on PostgreSQL a clone kept as a template."""

    def __init__(self, url: str, cluster: PostgresCluster | None):
        self.url, self.cluster = url, cluster
        if cluster:
            self.name = urlsplit(url).path.lstrip("/")
            self.kept = cluster.create(template=self.name)
        else:
            self.path = db_url.parse(url)["database"]
            self.kept = sqlite3.connect(":memory:")
            with contextlib.closing(sqlite3.connect(self.path)) as source:
                source.backup(self.kept)

    def restore(self) -> None:
        """Put the database back (every connection to it closed first)."""
        if self.cluster:
            self.cluster.admin.execute(f"DROP DATABASE {self.name} WITH (FORCE)")
            self.cluster.admin.execute(
                f"CREATE DATABASE {self.name} TEMPLATE {self.kept} STRATEGY FILE_COPY"
            )
        else:
            with contextlib.closing(sqlite3.connect(self.path)) as target:
                self.kept.backup(target)

    def close(self) -> None:
        if self.cluster:
            self.cluster.drop(self.kept)
        else:
            self.kept.close()
