"""Command-line tools: flask db, users, demo, setup, backup and restore."""

import shutil
import sqlite3
import sys
import tarfile
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from playhouse.migrations import Runner

from app.admin.services import create_user
from app.auth import passwords, services
from app.config import PROJECT_ROOT
from app.db import db, is_sqlite
from app.demo import database_is_empty, is_demo, load_demo, print_logins
from app.refusals import Refused

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"

db_cli = AppGroup("db", help="Database schema migrations.")
users_cli = AppGroup("users", help="User accounts.")
demo_cli = AppGroup("demo", help="The fictional demo organisation.")


def migration_runner() -> Runner:
    return Runner(db.obj, directory=str(MIGRATIONS_DIR))


def upgrade_database() -> list[str]:
    """Apply every pending migration in order; returns their names."""
    with db.connection_context():
        return migration_runner().up()


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending migrations."""
    applied = upgrade_database()
    click.echo(f"Applied: {', '.join(applied)}" if applied else "The database is up to date.")


@db_cli.command("status")
def db_status():
    """List migrations and whether each is applied."""
    with db.connection_context():
        for migration in migration_runner().status():
            state = migration.applied.isoformat(" ", "seconds") if migration.applied else "pending"
            click.echo(f"{migration.name:40} {state}")


@db_cli.command("new")
@click.argument("name")
def db_new(name: str):
    """Write a numbered, empty migration file."""
    with db.connection_context():
        click.echo(migration_runner().create(name))


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice(["admin", "coordinator", "auditor"]))
@click.option("--username", required=True)
@click.option("--display-name", required=True)
@click.password_option(help="At least 12 characters; asked for when not given.")
def users_create(role: str, username: str, display_name: str, password: str):
    """Create an account from the shell (the first administrator, typically)."""
    problem = passwords.password_problem(password, username)
    if problem:
        raise click.ClickException(str(problem))
    values = {
        "username": services.normalise_username(username),
        "display_name": display_name.strip(),
        "role": role,
        "language": "lv",
        "supervisor": None,
    }
    with db.connection_context():
        try:
            user, _temporary = create_user(None, values)
        except Refused as refused:
            raise click.ClickException(str(refused.message)) from refused
        services.change_password(user, password)
    click.echo(f"Created {role} {user.username}.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def demo_load(if_empty: bool):
    """Create the fictional demo organisation (only into an empty database)."""
    with db.connection_context():
        if not database_is_empty():
            if if_empty:
                return
            raise click.ClickException("The database already has users; demo data not loaded.")
        load_demo()
    print_logins(click.echo)


@click.command("setup")
@click.option("--demo/--no-demo", default=True, help="Load the demo organisation if empty.")
@with_appcontext
def setup(demo: bool):
    """Migrate, load the demo when the database is empty, and say how to sign in."""
    upgrade_database()
    with db.connection_context():
        if demo and database_is_empty():
            load_demo()
        empty, demo_present = database_is_empty(), is_demo()
    if demo_present:
        print_logins(click.echo)
    elif empty:
        click.echo(
            "The database is empty. Create the first administrator with:\n"
            "  .venv/bin/flask --app wsgi users create --role admin "
            '--username admin --display-name "Administrator"'
        )


def _database_file() -> Path:
    if not is_sqlite():
        raise click.ClickException("backup/restore handle SQLite; use pg_dump for PostgreSQL.")
    return Path(db.obj.database)


@click.command("backup")
@click.option("--to", "target_dir", type=click.Path(file_okay=False, path_type=Path))
def backup(target_dir: Path | None):
    """A consistent snapshot of the database (safe while the app runs) in a .tar.gz."""
    source = _database_file()
    target_dir = target_dir or Path(current_app.config["DATA_DIR"]) / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"mentoru-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "app.db"
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(snapshot)) as copy:
            live.backup(copy)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(snapshot, arcname="app.db")
            uploads = Path(current_app.config["DATA_DIR"]) / "uploads"
            if uploads.is_dir():
                tar.add(uploads, arcname="uploads")
    click.echo(str(archive))


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Stop the app first. Replace the current database?")
def restore(archive: Path):
    """Replace the database (and uploads) with a backup; the current one is kept aside."""
    target = _database_file()
    data_dir = Path(current_app.config["DATA_DIR"])
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp, filter="data")
        restored = Path(tmp) / "app.db"
        if not restored.is_file():
            raise click.ClickException("This archive holds no app.db.")
        with closing(sqlite3.connect(restored)) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise click.ClickException("The database in this archive is damaged.")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{target}{suffix}")
            if current.exists():
                current.rename(f"{target}{suffix}.before-restore-{stamp}")
        shutil.move(restored, target)
        uploads = Path(tmp) / "uploads"
        if uploads.is_dir():
            live_uploads = data_dir / "uploads"
            if live_uploads.exists():
                live_uploads.rename(data_dir / f"uploads.before-restore-{stamp}")
            shutil.move(uploads, live_uploads)
    click.echo(f"Restored {archive} into {target}.", file=sys.stderr)


def register_cli(app: Flask) -> None:
    for command in (db_cli, users_cli, demo_cli, setup, backup, restore):
        app.cli.add_command(command)
